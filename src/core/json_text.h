#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lw {

// Length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF) that starts at s[i], or 0 when the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept;

// Appends `s` as a JSON string, escaped exactly as nlohmann::json::dump() escapes (\" \\ \b \f
// \n \r \t, \u00XX for the other control characters, UTF-8 kept as is), with each byte that is
// not part of well-formed UTF-8 replaced by U+FFFD, as dump()'s `replace` handler does.
void append_json_string(std::string_view s, std::string& out);

// Deepest nesting of arrays and objects in the JSON text `text` (brackets inside strings do not
// count), stopping early once past `stop_at`: a cheap check before a parser builds anything.
// Not a validator.
std::size_t json_nesting_depth(std::string_view text, std::size_t stop_at) noexcept;

}  // namespace lw
