// masscan -oJ: "[", then one object per port ({ "ip": ..., "timestamp": "...", "ports": [...] })
// with a comma before every object but the first, then "]" (masscan 1.3, src/out-json.c).
// masscan 1.0 wrote a trailing comma and a "{finished: 1}" line: both are accepted.
#include <charconv>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "catalog/import/import.h"

namespace lw::catalog {
namespace {

// A member that must be a string when present: `fallback` when absent, nullopt when it holds
// anything else (nlohmann's value() would throw on a number where a string was expected).
std::optional<std::string> string_member(const nlohmann::json& object, const char* key,
                                         const char* fallback) {
  const auto it = object.find(key);
  if (it == object.end()) return std::string(fallback);
  if (!it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

constexpr int kMaxDepth = 16;

// The deepest nesting of [ and { outside strings, so the JSON parser never recurses deep.
int nesting(std::string_view s, std::size_t& where) {
  int depth = 0, max = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max) {
        max = depth;
        where = i;
      }
      if (max > kMaxDepth) return max;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max;
}

std::string legacy_repair(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  while (pos < s.size()) {
    auto nl = s.find('\n', pos);
    auto line = s.substr(pos, nl == std::string_view::npos ? nl : nl - pos + 1);
    if (line.find("finished:") == std::string_view::npos) out += line;
    pos = nl == std::string_view::npos ? s.size() : nl + 1;
  }
  // A comma right before the closing bracket.
  auto close = out.find_last_of(']');
  if (close != std::string::npos) {
    auto prev = out.find_last_not_of(" \t\r\n", close == 0 ? 0 : close - 1);
    if (prev != std::string::npos && out[prev] == ',') out[prev] = ' ';
  }
  return out;
}

std::int64_t timestamp_ms(const nlohmann::json& j, std::int64_t fallback) {
  std::int64_t v = 0;
  std::int64_t ms = 0;
  if (j.is_number_integer()) {
    v = j.get<std::int64_t>();
  } else if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return fallback;
  } else {
    return fallback;
  }
  return import_seconds_to_ms(v, ms) ? ms : fallback;
}

}  // namespace

Result<ImportResult> parse_masscan_json(std::string_view text, const ImportOptions& o) {
  std::size_t deep_at = 0;
  if (nesting(text, deep_at) > kMaxDepth) {
    return fail(ErrorCode::too_deep, "nesting deeper than masscan output ever is",
                "byte " + std::to_string(deep_at));
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  if (last == std::string_view::npos) return fail(ErrorCode::parse_error, "empty file", "byte 0");
  if (text[last] != ']') {
    return fail(ErrorCode::parse_error, "truncated: the JSON array is not closed",
                "byte " + std::to_string(last + 1));
  }
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) doc = nlohmann::json::parse(legacy_repair(text), nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) {
    // Find where it broke, for the message.
    try {
      auto unused = nlohmann::json::parse(text);
      (void)unused;
    } catch (const nlohmann::json::parse_error& e) {
      return fail(ErrorCode::parse_error, "not masscan JSON output",
                  "byte " + std::to_string(e.byte));
    } catch (...) {
    }
    return fail(ErrorCode::parse_error, "not masscan JSON output (expected an array)", "byte 0");
  }
  ImportResult out;
  std::size_t index = 0;
  for (const auto& entry : doc) {
    ++index;
    const auto where = "entry " + std::to_string(index);
    if (!entry.is_object()) return fail(ErrorCode::parse_error, "not an object", where);
    auto ip = entry.find("ip");
    auto ports = entry.find("ports");
    if (ip == entry.end() || !ip->is_string() || ports == entry.end() || !ports->is_array()) {
      return fail(ErrorCode::parse_error, "an entry needs \"ip\" and \"ports\"", where);
    }
    auto addr = Address::parse(ip->get<std::string>());
    if (!addr) return fail(ErrorCode::parse_error, "bad address", where);
    const auto when = timestamp_ms(entry.value("timestamp", nlohmann::json()), o.now_ms);
    for (const auto& p : *ports) {
      if (!p.is_object() || !p.contains("port") || !p["port"].is_number_unsigned() ||
          p["port"].get<std::uint64_t>() > 65535) {
        return fail(ErrorCode::parse_error, "a port needs a number from 0 to 65535", where);
      }
      const bool banner = p.contains("service");
      const auto proto = string_member(p, "proto", "tcp");
      const auto status = string_member(p, "status", banner ? "open" : "");
      if (!proto || !status) {
        return fail(ErrorCode::parse_error, "\"proto\" and \"status\" must be strings", where);
      }
      if (*proto != "tcp" || *status != "open") {
        ++out.skipped;
        continue;
      }
      if (out.services.size() >= o.max_services) {
        return fail(ErrorCode::too_large, "too many services in one import", where);
      }
      ImportedService s;
      s.address = *addr;
      s.port = static_cast<std::uint16_t>(p["port"].get<std::uint64_t>());
      s.time_ms = when;
      if (banner && p["service"].is_object()) {
        s.service = string_member(p["service"], "name", "").value_or("");
      }
      out.services.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace lw::catalog
