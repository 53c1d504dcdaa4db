#include "probes/common/json_bounded.h"

#include <charconv>

#include "core/json_text.h"

namespace lw::probes::json {

std::size_t nesting_depth(std::string_view text, std::size_t stop_at) {
  return json_nesting_depth(text, stop_at);
}

Result<nlohmann::json> parse_bounded(std::string_view text, Limits limits) {
  if (text.size() > limits.max_bytes) {
    return fail(ErrorCode::too_large,
                "JSON document over " + std::to_string(limits.max_bytes) + " bytes", "json");
  }
  if (nesting_depth(text, limits.max_depth) > limits.max_depth) {
    return fail(ErrorCode::too_deep, "JSON nested deeper than " + std::to_string(limits.max_depth),
                "json");
  }
  try {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return fail(ErrorCode::parse_error, "malformed JSON", "json");
    return j;
  } catch (const std::exception& e) {  // bad_alloc and the like: nlohmann's own errors are off
    return fail(ErrorCode::parse_error, std::string("JSON parse failed: ") + e.what(), "json");
  }
}

const nlohmann::json* member(const nlohmann::json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

std::string string_at(const nlohmann::json& j, std::string_view key) {
  const auto* m = member(j, key);
  return m != nullptr && m->is_string() ? m->get_ref<const std::string&>() : std::string{};
}

std::optional<std::uint64_t> as_uint(const nlohmann::json& j) {
  if (j.is_number_unsigned()) return j.get<std::uint64_t>();
  if (j.is_number_integer()) {
    const auto v = j.get<std::int64_t>();
    if (v >= 0) return static_cast<std::uint64_t>(v);
    return std::nullopt;
  }
  if (j.is_number_float()) {
    const double d = j.get<double>();
    if (d >= 0 && d < 1.8e19) return static_cast<std::uint64_t>(d);
    return std::nullopt;
  }
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    std::uint64_t out = 0;
    if (s.empty() || s.size() > 20) return std::nullopt;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc{} && ptr == s.data() + s.size()) return out;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> uint_at(const nlohmann::json& j, std::string_view key) {
  const auto* m = member(j, key);
  if (m == nullptr) return std::nullopt;
  return as_uint(*m);
}

std::string dump_capped(const nlohmann::json& j, std::size_t cap) {
  std::string text;
  try {
    text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const std::exception&) {
    return {};
  }
  if (text.size() > cap) text.resize(cap);
  return text;
}

}  // namespace lw::probes::json
