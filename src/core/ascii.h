#pragma once

// ASCII case helpers for protocol tokens, header names and configuration keys. They never
// consult the locale: bytes outside A-Z and a-z pass through unchanged.

#include <string>
#include <string_view>

namespace lw {

constexpr char ascii_lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr char ascii_upper(char c) noexcept {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);

bool iequals(std::string_view a, std::string_view b) noexcept;
bool istarts_with(std::string_view text, std::string_view prefix) noexcept;
// True when `needle` occurs in `text` ignoring ASCII case; an empty needle always does.
bool icontains(std::string_view text, std::string_view needle) noexcept;

}  // namespace lw
