#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

// Opaque page cursors (docs/api.md "Pagination"). A cursor holds a position (a row id for keyset
// pages, an offset for search) and a fingerprint of the request it continues (route, query,
// filters), so a cursor handed to another request is refused instead of paging something else.
namespace lw::api {

struct Cursor {
  std::uint64_t scope = 0;    // fingerprint of the request (scope_of)
  std::int64_t position = 0;  // >= 0
};

inline constexpr std::size_t kMaxCursorChars = 64;

// FNV-1a 64 of the request's identifying text.
std::uint64_t scope_of(std::string_view request_key) noexcept;

std::string encode_cursor(const Cursor&);
// Refuses (invalid_argument, where = byte offset) anything encode_cursor did not make: wrong
// length, characters outside base64url, a bad version or layout, a negative position.
Result<Cursor> decode_cursor(std::string_view text);
// decode_cursor, then refuses a cursor of another request.
Result<std::int64_t> cursor_position(std::string_view text, std::uint64_t expected_scope);

}  // namespace lw::api
