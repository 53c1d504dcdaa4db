#include "probes/memcached/memcached_text.h"

#include <charconv>

namespace lw::probes::memcached {
namespace {

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

template <class T>
bool to_num(std::string_view s, T& out) {
  if (s.empty()) return false;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

std::vector<std::string_view> split(std::string_view s, std::size_t max_fields) {
  std::vector<std::string_view> out;
  while (!s.empty() && out.size() < max_fields) {
    const std::size_t sp = s.find(' ');
    if (sp != 0) out.push_back(s.substr(0, sp));
    if (sp == std::string_view::npos) break;
    s.remove_prefix(sp + 1);
  }
  return out;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

tl::unexpected<Error> bad(std::string message, std::size_t offset) {
  return fail(ErrorCode::parse_error, std::move(message),
              "memcached offset " + std::to_string(offset));
}

// The scan shared by parse and count. `out` null = only count.
Result<std::size_t> scan(std::string_view in, std::size_t max_blocks, const Limits& limits,
                         Blocks* out) {
  std::size_t pos = 0;
  std::size_t blocks = 0;
  std::size_t consumed = 0;
  Block current;
  std::size_t lines = 0;
  while (blocks < max_blocks && pos < in.size()) {
    const std::string_view window = in.substr(pos, limits.max_line + 2);
    const std::size_t crlf = window.find("\r\n");
    if (crlf == std::string_view::npos) {
      if (window.size() >= limits.max_line + 2) {
        return fail(ErrorCode::too_large, "line over cap",
                    "memcached offset " + std::to_string(pos));
      }
      break;  // need more
    }
    const std::string_view line = window.substr(0, crlf);
    const std::size_t line_start = pos;
    pos += crlf + 2;
    if (++lines > limits.max_lines) {
      return fail(ErrorCode::too_large, "too many lines",
                  "memcached offset " + std::to_string(pos));
    }
    if (starts_with(line, "VALUE ")) {
      const auto f = split(line, 6);
      std::uint32_t flags = 0;
      std::uint64_t bytes = 0;
      if (f.size() < 4 || f.size() > 5 || !to_num(f[2], flags) || !to_num(f[3], bytes)) {
        return bad("bad VALUE line", line_start);
      }
      if (bytes > limits.max_value) {
        return fail(ErrorCode::too_large, "VALUE size over cap",
                    "memcached offset " + std::to_string(line_start));
      }
      const auto n = static_cast<std::size_t>(bytes);
      if (in.size() - pos < n + 2) break;  // need more
      if (in.substr(pos + n, 2) != "\r\n") return bad("VALUE data not followed by CRLF", pos + n);
      if (out) current.values.push_back({std::string(f[1]), flags, std::string(in.substr(pos, n))});
      pos += n + 2;
      continue;
    }
    if (is_terminator(line)) {
      ++blocks;
      consumed = pos;
      lines = 0;
      if (out) {
        current.terminator = std::string(line);
        out->blocks.push_back(std::move(current));
        current = Block{};
      }
      continue;
    }
    if (out) current.lines.emplace_back(line);
  }
  if (out) out->consumed = consumed;
  return blocks;
}

}  // namespace

bool is_terminator(std::string_view line) noexcept {
  return line == "END" || line == "ERROR" || line == "OK" || line == "RESET" ||
         starts_with(line, "ERROR ") || starts_with(line, "CLIENT_ERROR") ||
         starts_with(line, "SERVER_ERROR") || starts_with(line, "VERSION ") ||
         starts_with(line, "BUSY");
}

Result<Blocks> parse_blocks(std::string_view in, std::size_t max_blocks, const Limits& limits) {
  Blocks out;
  auto r = scan(in, max_blocks, limits, &out);
  if (!r) return tl::unexpected(r.error());
  return out;
}

Result<std::size_t> count_blocks(std::string_view in, std::size_t max_blocks,
                                 const Limits& limits) {
  return scan(in, max_blocks, limits, nullptr);
}

std::vector<std::pair<std::string, std::string>> stat_pairs(const Block& b) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& l : b.lines) {
    if (!starts_with(l, "STAT ")) continue;
    const std::string_view rest = std::string_view(l).substr(5);
    const std::size_t sp = rest.find(' ');
    if (sp == std::string_view::npos || sp == 0) continue;
    out.emplace_back(std::string(rest.substr(0, sp)), std::string(rest.substr(sp + 1)));
  }
  return out;
}

bool parse_cachedump_line(std::string_view line, KeyEntry& out) {
  // ITEM <key> [<bytes> b; <exptime> s]
  if (!starts_with(line, "ITEM ")) return false;
  const std::string_view rest = line.substr(5);
  const std::size_t bracket = rest.rfind(" [");
  if (bracket == std::string_view::npos || bracket == 0) return false;
  const std::string_view meta = rest.substr(bracket + 2);
  const std::size_t b = meta.find(" b;");
  if (b == std::string_view::npos || !to_num(meta.substr(0, b), out.size)) return false;
  out.key = std::string(rest.substr(0, bracket));
  return true;
}

bool parse_metadump_line(std::string_view line, KeyEntry& out) {
  if (!starts_with(line, "key=")) return false;
  bool have_size = false;
  std::string key;
  for (const auto field : split(line, 16)) {
    const std::size_t eq = field.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = field.substr(0, eq);
    const std::string_view value = field.substr(eq + 1);
    if (name == "key") {
      for (std::size_t i = 0; i < value.size() && key.size() <= 250; ++i) {
        if (value[i] == '%' && i + 2 < value.size() && hex(value[i + 1]) >= 0 &&
            hex(value[i + 2]) >= 0) {
          key.push_back(static_cast<char>(hex(value[i + 1]) * 16 + hex(value[i + 2])));
          i += 2;
        } else {
          key.push_back(value[i]);
        }
      }
    } else if (name == "size") {
      have_size = to_num(value, out.size);
    }
  }
  if (key.empty() || !have_size) return false;
  out.key = std::move(key);
  return true;
}

bool is_safe_key(std::string_view key) noexcept {
  if (key.empty() || key.size() > 250) return false;
  for (const char c : key) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
  }
  return true;
}

}  // namespace lw::probes::memcached
