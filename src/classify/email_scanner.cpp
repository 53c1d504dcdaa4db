#include "classify/email_scanner.h"

#include <cstring>

namespace lw::classify {
namespace {

inline bool is_letter(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool is_label(char c) noexcept {
  return is_letter(c) || (c >= '0' && c <= '9') || c == '-';
}

}  // namespace

bool scan_email_candidates(std::string_view text, std::span<const std::uint32_t> rules,
                           std::vector<RawMatch>& out, std::size_t cap) {
  if (rules.empty()) return true;
  const char* const data = text.data();
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const void* found = std::memchr(data + i, '@', n - i);
    if (found == nullptr) break;
    const auto at = static_cast<std::size_t>(static_cast<const char*>(found) - data);
    // The label stops at the next '@' at the latest, so each byte is read once.
    std::size_t j = at + 1;
    while (j < n && is_label(data[j])) ++j;
    i = j > at + 1 ? j : at + 1;
    if (j == at + 1 || j + 2 >= n || data[j] != '.' || !is_letter(data[j + 1]) ||
        !is_letter(data[j + 2])) {
      continue;
    }
    for (const auto rule : rules) {
      if (out.size() >= cap) return false;
      out.push_back(RawMatch{rule, 0, static_cast<std::uint32_t>(j + 3)});
    }
  }
  return true;
}

}  // namespace lw::classify
