#include "api/cursor.h"

#include <array>
#include <charconv>

#include "api/base64url.h"

namespace lw::api {
namespace {

constexpr std::string_view kVersion = "c1";

Result<Cursor> bad_layout() {
  return fail(ErrorCode::invalid_argument, "the cursor is not one this server handed out",
              "byte 0");
}

}  // namespace

std::uint64_t scope_of(std::string_view request_key) noexcept {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : request_key) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::string encode_cursor(const Cursor& c) {
  std::array<char, 20> scope{};
  auto s = std::to_chars(scope.data(), scope.data() + scope.size(), c.scope, 16);
  const std::string plain = std::string(kVersion) + "." + std::string(scope.data(), s.ptr) + "." +
                            std::to_string(c.position < 0 ? 0 : c.position);
  return to_base64url(plain);
}

Result<Cursor> decode_cursor(std::string_view text) {
  if (text.empty() || text.size() > kMaxCursorChars) {
    return fail(ErrorCode::invalid_argument,
                "the cursor is " + std::to_string(text.size()) + " characters long (1 to " +
                    std::to_string(kMaxCursorChars) + ")",
                "byte 0");
  }
  auto plain = from_base64url(text);
  if (!plain) {
    return fail(ErrorCode::invalid_argument, "the cursor holds " + plain.error().message,
                plain.error().where);
  }
  const std::string_view p = *plain;
  if (!p.starts_with(kVersion) || p.size() < kVersion.size() + 4 || p[kVersion.size()] != '.') {
    return bad_layout();
  }
  const auto rest = p.substr(kVersion.size() + 1);
  const auto dot = rest.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 16 || dot + 1 >= rest.size()) {
    return bad_layout();
  }
  Cursor c;
  const char* scope_end = rest.data() + dot;
  auto s = std::from_chars(rest.data(), scope_end, c.scope, 16);
  if (s.ec != std::errc() || s.ptr != scope_end) return bad_layout();
  const auto pos = rest.substr(dot + 1);
  if (pos.size() > 18 || pos.front() == '-' || pos.front() == '+') return bad_layout();
  const char* pos_end = pos.data() + pos.size();
  auto n = std::from_chars(pos.data(), pos_end, c.position, 10);
  if (n.ec != std::errc() || n.ptr != pos_end || c.position < 0) return bad_layout();
  return c;
}

Result<std::int64_t> cursor_position(std::string_view text, std::uint64_t expected_scope) {
  auto c = decode_cursor(text);
  if (!c) return tl::unexpected(c.error());
  if (c->scope != expected_scope) {
    return fail(ErrorCode::invalid_argument,
                "the cursor belongs to another request (its route, query or filters differ)",
                "byte 0");
  }
  return c->position;
}

}  // namespace lw::api
