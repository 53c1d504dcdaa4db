#include "classify/digit_scanner.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace lw::classify {
namespace {

constexpr std::size_t kMaxRunDigits = 40;

inline bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}
inline bool is_upper(char c) noexcept {
  return c >= 'A' && c <= 'Z';
}
inline bool is_word(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'z') || is_upper(c) || c == '_';
}

// Index of the next digit at or after i, or text.size().
inline std::size_t next_digit(std::string_view text, std::size_t i) noexcept {
  const auto n = text.size();
#if defined(__SSE2__)
  const __m128i zero = _mm_set1_epi8('0');
  const __m128i nine = _mm_set1_epi8(9);
  while (i + 16 <= n) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const __m128i shifted = _mm_sub_epi8(bytes, zero);
    const __m128i is_d = _mm_cmpeq_epi8(_mm_min_epu8(shifted, nine), shifted);
    const int mask = _mm_movemask_epi8(is_d);
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    i += 16;
  }
#endif
  while (i < n && !is_digit(text[i])) ++i;
  return i;
}

// The possible IBAN starting at `start` (two capital letters): groups of [A-Z0-9] joined by
// single spaces, at most 34 characters without spaces.
std::size_t iban_end(std::string_view text, std::size_t start) noexcept {
  std::size_t i = start;
  std::size_t alnum = 0;
  while (i < text.size() && alnum < 34) {
    const char c = text[i];
    if (is_digit(c) || is_upper(c)) {
      ++alnum;
      ++i;
    } else if (c == ' ' && i + 1 < text.size() &&
               (is_digit(text[i + 1]) || is_upper(text[i + 1]))) {
      ++i;
    } else {
      break;
    }
  }
  return i;
}

// A short code starting at `start` (one capital letter): [A-Z0-9] and dots, at most 8 bytes.
std::size_t code_end(std::string_view text, std::size_t start) noexcept {
  std::size_t i = start;
  while (i < text.size() && i - start < 8 &&
         (is_digit(text[i]) || is_upper(text[i]) ||
          (text[i] == '.' && i + 1 < text.size() &&
           (is_digit(text[i + 1]) || is_upper(text[i + 1]))))) {
    ++i;
  }
  return i;
}

}  // namespace

bool scan_digit_runs(std::string_view text, std::vector<DigitRun>& out, std::size_t cap) {
  const auto n = text.size();
  std::size_t i = 0;
  while (true) {
    i = next_digit(text, i);
    if (i >= n) return true;
    // Digits glued to a word: only an IBAN ("DE89 3704...") or an ICD-10 code ("E11.9") is of
    // interest; the rest of the word is skipped.
    if (i > 0 && is_word(text[i - 1])) {
      const bool two = i >= 2 && is_upper(text[i - 1]) && is_upper(text[i - 2]) &&
                       (i == 2 || !is_word(text[i - 3])) && i + 1 < n && is_digit(text[i + 1]);
      const bool one = is_upper(text[i - 1]) && (i == 1 || !is_word(text[i - 2]));
      if (two || one) {
        const auto start = two ? i - 2 : i - 1;
        const auto end = two ? iban_end(text, start) : code_end(text, start);
        if (out.size() >= cap) return false;
        DigitRun run;
        run.begin = run.end = static_cast<std::uint32_t>(i);
        run.alpha_begin = static_cast<std::uint32_t>(start);
        run.alpha_end = static_cast<std::uint32_t>(end);
        out.push_back(run);
        i = std::max(end, i + 1);
        continue;
      }
      while (i < n && is_word(text[i])) ++i;
      continue;
    }
    std::size_t begin = i;
    if (begin > 0 && (text[begin - 1] == '(' || text[begin - 1] == '+')) --begin;
    std::size_t digits = 0;
    std::size_t groups = 0;
    std::size_t j = i;
    bool other_separator = false;  // a space may not follow '-', '.' or '/' ("2024-03-14 10:22")
    while (true) {
      while (j < n && is_digit(text[j])) {
        ++j;
        ++digits;
      }
      ++groups;
      if (j + 1 >= n) break;
      const char s = text[j];
      if (s == ' ' && !other_separator && is_digit(text[j + 1])) {
        ++j;
      } else if ((s == '-' || s == '.' || s == '/') && is_digit(text[j + 1])) {
        other_separator = true;
        ++j;
      } else if (s == ')' && j + 2 < n && (text[j + 1] == ' ' || text[j + 1] == '-') &&
                 is_digit(text[j + 2])) {
        j += 2;
      } else {
        break;
      }
      if (digits > kMaxRunDigits) break;
    }
    const bool glued_after = j < n && is_word(text[j]);
    const bool enough = groups > 1 ? digits >= 4 : digits >= 9;
    if (!glued_after && enough && digits <= kMaxRunDigits) {
      if (out.size() >= cap) return false;
      DigitRun run;
      run.begin = static_cast<std::uint32_t>(begin);
      run.end = static_cast<std::uint32_t>(j);
      run.digits = static_cast<std::uint8_t>(digits);
      run.groups = static_cast<std::uint8_t>(std::min<std::size_t>(groups, 255));
      out.push_back(run);
    }
    // Skip the rest of an over-long run or a glued word.
    if (digits > kMaxRunDigits) {
      while (j < n && (is_digit(text[j]) || text[j] == ' ' || text[j] == '-' || text[j] == '.' ||
                       text[j] == '/')) {
        ++j;
      }
    }
    while (j < n && is_word(text[j])) ++j;
    i = j;
  }
}

}  // namespace lw::classify
