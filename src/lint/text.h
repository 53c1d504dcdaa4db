#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/ascii.h"  // the case helpers (ascii_lower, iequals, istarts_with, icontains)

namespace lw::lint {

// Small text helpers shared by the parsers and rules. None allocates more than its input.
std::string_view trim(std::string_view text) noexcept;
// Splits on spaces and tabs, dropping empty pieces.
std::vector<std::string_view> split_ws(std::string_view text);
// Splits on `sep`, trimming each piece and dropping empty ones.
std::vector<std::string_view> split_trim(std::string_view text, char sep);
// The text split into lines (without their "\n" or "\r\n"); line i is lines[i - 1].
std::vector<std::string_view> split_lines(std::string_view text);
// 1-based line number of a byte offset (clamped to the text).
std::size_t line_of_offset(std::string_view text, std::size_t offset) noexcept;
// Removes one pair of matching surrounding quotes ("..." or '...').
std::string_view unquote(std::string_view text) noexcept;
// Values that configuration files spell as yes: yes, true, on, 1 (any case).
bool is_truthy(std::string_view value) noexcept;
bool is_falsy(std::string_view value) noexcept;

}  // namespace lw::lint
