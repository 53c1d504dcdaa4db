#include "core/ascii.h"

#include <algorithm>

namespace lw {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

std::string ascii_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_upper(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

bool istarts_with(std::string_view text, std::string_view prefix) noexcept {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

bool icontains(std::string_view text, std::string_view needle) noexcept {
  const auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                              [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
  return it != text.end() || needle.empty();
}

}  // namespace lw
