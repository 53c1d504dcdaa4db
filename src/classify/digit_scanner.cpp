#include "classify/digit_scanner.h"

#include <algorithm>
#include <array>

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

inline bool is_glue(char c) noexcept {  // a word character that is not a capital letter
  return is_digit(c) || (c >= 'a' && c <= 'z') || c == '_';
}

// Finds the digits that can open a run or an alphanumeric candidate: those not glued to a digit,
// a lower-case letter or '_' before them (such digits can only be inside a word, which the scanner
// skips anyway: hex ids, "latency=12ms"). Works on 64-byte blocks of bit masks, so the scalar code
// only sees the starts, and a start's digit count is one count-trailing-zeros.
class StartFinder {
 public:
  explicit StartFinder(std::string_view text) noexcept : text_(text) {}

  // The next start at or after i, or text.size().
  std::size_t next(std::size_t i) noexcept {
    const auto n = text_.size();
    while (i < n) {
      if (i < base_ || i >= base_ + 64) load(i & ~std::size_t{63});
      const std::uint64_t m = starts_ & (~std::uint64_t{0} << (i - base_));
      if (m != 0) return base_ + static_cast<std::size_t>(__builtin_ctzll(m));
      i = base_ + 64;
    }
    return n;
  }

  // The end of the digit sequence that starts at i (i was returned by next()).
  std::size_t digits_end(std::size_t i) const noexcept {
    const auto off = i - base_;
    const std::uint64_t rest = ~(digits_ >> off);
    std::size_t j = i + static_cast<std::size_t>(__builtin_ctzll(rest));
    if (j >= base_ + 64) {
      while (j < text_.size() && is_digit(text_[j])) ++j;
    }
    return j;
  }

 private:
  void load(std::size_t base) noexcept {
    base_ = base;
    std::uint64_t digits = 0;
    std::uint64_t glue = 0;
    const char* p = text_.data() + base;
    std::size_t k = 0;
#if defined(__SSE2__)
    if (base + 64 <= text_.size()) {
      const auto in = [](__m128i bytes, char lo, char hi) {
        const __m128i shifted = _mm_sub_epi8(bytes, _mm_set1_epi8(lo));
        const __m128i span = _mm_set1_epi8(static_cast<char>(hi - lo));
        return _mm_cmpeq_epi8(_mm_min_epu8(shifted, span), shifted);
      };
      __m128i bytes[4];
      for (std::size_t q = 0; q < 4; ++q) {
        bytes[q] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * q));
        const auto mask = _mm_movemask_epi8(in(bytes[q], '0', '9'));
        digits |= std::uint64_t{static_cast<std::uint16_t>(mask)} << (16 * q);
      }
      if (digits != 0) {  // prose: most blocks hold no digit at all
        for (std::size_t q = 0; q < 4; ++q) {
          const __m128i g =
              _mm_or_si128(in(bytes[q], 'a', 'z'), _mm_cmpeq_epi8(bytes[q], _mm_set1_epi8('_')));
          glue |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(g))} << (16 * q);
        }
        glue |= digits;
      }
      k = 64;
    }
#endif
    for (; k < 64 && base + k < text_.size(); ++k) {
      digits |= std::uint64_t{is_digit(p[k])} << k;
      glue |= std::uint64_t{is_glue(p[k])} << k;
    }
    const std::uint64_t before = base > 0 && is_glue(text_[base - 1]) ? 1 : 0;
    digits_ = digits;
    starts_ = digits & ~((glue << 1) | before);
  }

  std::string_view text_;
  std::size_t base_ = SIZE_MAX / 2;
  std::uint64_t digits_ = 0;
  std::uint64_t starts_ = 0;
};

// Whether a digit group ending at j is joined to another group, as the run loop below decides
// for a first group.
inline bool continues(std::string_view text, std::size_t j) noexcept {
  const auto n = text.size();
  if (j + 1 >= n) return false;
  const char s = text[j];
  if (s == ' ' || s == '-' || s == '.' || s == '/') return is_digit(text[j + 1]);
  return s == ')' && j + 2 < n && (text[j + 1] == ' ' || text[j + 1] == '-') &&
         is_digit(text[j + 2]);
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

DigitRunBatch scan_digit_runs(std::string_view text, std::size_t from,
                              std::span<DigitRun> out) noexcept {
  const auto n = text.size();
  std::size_t count = 0;
  std::size_t i = from;
  StartFinder starts(text);
  while (true) {
    i = starts.next(i);
    if (i >= n) return {count, n};
    if (count == out.size()) return {count, i};
    const bool glued_before = i > 0 && is_word(text[i - 1]);
    if (!glued_before) {
      // Most starts are short numbers ("status=200", "12:04"): one group of fewer than nine
      // digits is no run, and the word it may be glued to holds no other start.
      const auto group_end = starts.digits_end(i);
      if (group_end - i < 9 && !continues(text, group_end)) {
        i = group_end;
        continue;
      }
    }
    // Digits glued to a word: only an IBAN ("DE89 3704...") or an ICD-10 code ("E11.9") is of
    // interest; the rest of the word is skipped.
    if (glued_before) {
      const bool two = i >= 2 && is_upper(text[i - 1]) && is_upper(text[i - 2]) &&
                       (i == 2 || !is_word(text[i - 3])) && i + 1 < n && is_digit(text[i + 1]);
      const bool one = is_upper(text[i - 1]) && (i == 1 || !is_word(text[i - 2]));
      if (two || one) {
        const auto start = two ? i - 2 : i - 1;
        const auto end = two ? iban_end(text, start) : code_end(text, start);
        DigitRun& run = out[count++];
        run = DigitRun{};
        run.begin = run.end = static_cast<std::uint32_t>(i);
        run.alpha_begin = static_cast<std::uint32_t>(start);
        run.alpha_end = static_cast<std::uint32_t>(end);
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
      DigitRun& run = out[count++];
      run = DigitRun{};
      run.begin = static_cast<std::uint32_t>(begin);
      run.end = static_cast<std::uint32_t>(j);
      run.digits = static_cast<std::uint8_t>(digits);
      run.groups = static_cast<std::uint8_t>(std::min<std::size_t>(groups, 255));
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

bool scan_digit_runs(std::string_view text, std::vector<DigitRun>& out, std::size_t cap) {
  std::array<DigitRun, 256> batch;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto got = scan_digit_runs(text, at, batch);
    for (std::size_t k = 0; k < got.count; ++k) {
      if (out.size() >= cap) return false;
      out.push_back(batch[k]);
    }
    at = got.resume;
  }
  return true;
}

}  // namespace lw::classify
