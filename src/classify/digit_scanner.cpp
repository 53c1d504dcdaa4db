#include "classify/digit_scanner.h"

#include "classify/byte_classes.h"

#include <algorithm>
#include <array>

namespace lw::classify {
namespace {

constexpr std::size_t kMaxRunDigits = 40;

inline bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}
inline bool is_upper(char c) noexcept {
  return c >= 'A' && c <= 'Z';
}
inline bool is_letter(char c) noexcept {
  return is_upper(c) || (c >= 'a' && c <= 'z');
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
// only sees the starts, and a start's digit count is one count-trailing-zeros. Starts that the
// scanner would drop at once (a group of fewer than nine digits, not glued to a capital letter
// before it, and not joined to another group after it) are removed from the masks already.
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
    const std::uint64_t rest = ~(digits_ >> off);  // zero when digits fill the block from i on
    std::size_t j = rest == 0 ? base_ + 64 : i + static_cast<std::size_t>(__builtin_ctzll(rest));
    if (j >= base_ + 64) {
      while (j < text_.size() && is_digit(text_[j])) ++j;
    }
    return j;
  }

  // A run of digit groups read from start i with the block's masks, exactly as the scalar loop in
  // scan_digit_runs reads it. False when the run may reach past the block or holds more than
  // kMaxRunDigits digits: the scalar loop decides those.
  struct MaskedRun {
    std::size_t end = 0;  // the first byte after the run
    std::size_t digits = 0;
    std::size_t groups = 0;
  };
  bool run_at(std::size_t i, MaskedRun& run) const noexcept {
    const auto off = i - base_;
    const std::uint64_t joins = join_space_ | join_other_ | join_paren_ | join_paren_digit_;
    const std::uint64_t rest = ~(digits_ | joins | paren_follow_) >> off;
    if (rest == 0) return false;
    auto end = off + static_cast<std::size_t>(__builtin_ctzll(rest));  // <= 63
    const std::uint64_t from = ~std::uint64_t{0} << off;
    std::uint64_t range = from & ((std::uint64_t{1} << end) - 1);
    // A space may not join groups after a '-', '.' or '/' has ("2024-03-14 10:22").
    const std::uint64_t other = join_other_ & ~paren_follow_ & range;
    if (other != 0) {
      const std::uint64_t lowest = other & (~other + 1);
      const std::uint64_t late_space =
          join_space_ & ~paren_follow_ & range & ~(lowest | (lowest - 1));
      if (late_space != 0) {
        end = static_cast<std::size_t>(__builtin_ctzll(late_space));
        range = from & ((std::uint64_t{1} << end) - 1);
      }
    }
    run.digits = static_cast<std::size_t>(__builtin_popcountll(digits_ & range));
    if (run.digits > kMaxRunDigits) return false;
    run.groups = 1 + static_cast<std::size_t>(__builtin_popcountll(joins & ~paren_follow_ & range));
    run.end = base_ + end;
    return true;
  }

  // Whether byte j (after a run that run_at() read) is a word character.
  bool word_at(std::size_t j) const noexcept { return ((word_ >> (j - base_)) & 1) != 0; }

  // The end of the word characters from j on.
  std::size_t word_end(std::size_t j) const noexcept {
    if (j >= base_ && j < base_ + 64) {
      const std::uint64_t rest = ~word_ >> (j - base_);
      if (rest != 0) return j + static_cast<std::size_t>(__builtin_ctzll(rest));
      j = base_ + 64;
    }
    while (j < text_.size() && is_word(text_[j])) ++j;
    return j;
  }

 private:
  void load(std::size_t base) noexcept {
    base_ = base;
    const ByteClasses m =
        classify_bytes(text_.data() + base, std::min<std::size_t>(64, text_.size() - base));
    digits_ = m.digits;
    if (m.digits == 0) {
      starts_ = 0;
      return;
    }
    const bool glue_before = base > 0 && is_glue(text_[base - 1]);
    const bool upper_before = base > 0 && is_upper(text_[base - 1]);
    const std::uint64_t starts = m.digits & ~((m.glue << 1) | std::uint64_t{glue_before});
    // The two bytes after the block, for the joins of groups that end at its last bytes.
    const auto byte_at = [this](std::size_t at) { return at < text_.size() ? text_[at] : '\0'; };
    const char b64 = byte_at(base + 64), b65 = byte_at(base + 65);
    const std::uint64_t digit_next = (m.digits >> 1) | (std::uint64_t{is_digit(b64)} << 63);
    const std::uint64_t digit_next2 = (m.digits >> 2) | (std::uint64_t{is_digit(b64)} << 62) |
                                      (std::uint64_t{is_digit(b65)} << 63);
    const std::uint64_t space_dash_next =
        (m.space_dash >> 1) | (std::uint64_t{b64 == ' ' || b64 == '-'} << 63);
    // Where a group ending there is joined to the next one (continues() below, as masks).
    join_space_ = m.space & digit_next;
    join_other_ = m.separator & ~m.space & digit_next;
    join_paren_ = m.paren & space_dash_next & digit_next2;
    paren_follow_ = join_paren_ << 1;          // the space or '-' after a joining ')'
    join_paren_digit_ = m.paren & digit_next;  // "(978)645-9740"
    word_ = m.glue | m.upper;
    const std::uint64_t joins = join_space_ | join_other_ | join_paren_ | join_paren_digit_;
    // Digits whose group ends at a join (carried back over each group, Kogge-Stone), and digits
    // followed by at least eight more.
    std::uint64_t joined = m.digits & (joins >> 1);
    std::uint64_t all = m.digits;  // bit t: t .. t+width-1 are all digits
    joined |= (joined >> 1) & all;
    all &= all >> 1;
    joined |= (joined >> 2) & all;
    all &= all >> 2;
    joined |= (joined >> 4) & all;
    all &= all >> 4;
    const std::uint64_t nine = all & (m.digits >> 8);
    joined |= (joined >> 8) & all;
    all &= all >> 8;
    joined |= (joined >> 16) & all;
    all &= all >> 16;
    joined |= (joined >> 32) & all;
    // A group that reaches the block's end is decided by the scalar check.
    const auto free_top = 64 - static_cast<unsigned>(__builtin_clzll(~m.digits | 1));
    const std::uint64_t crossing =
        (m.digits >> 63) != 0 ? ~std::uint64_t{0} << (~m.digits == 0 ? 0 : free_top) : 0;
    const std::uint64_t upper_glued = (m.upper << 1) | std::uint64_t{upper_before};
    starts_ = starts & (joined | nine | crossing | upper_glued);
    // Digits after two letters of any case that open a word ("gb82west..."): a lower-case IBAN.
    const auto before = [this, base](std::size_t back, bool (*is)(char)) -> std::uint64_t {
      return base >= back && is(text_[base - back]) ? 1 : 0;
    };
    const std::uint64_t letters = m.upper | (m.glue & ~m.digits);  // '_' too: checked later
    const std::uint64_t letter1 = (letters << 1) | before(1, is_letter);
    const std::uint64_t letter2 =
        (letters << 2) | (before(1, is_letter) << 1) | before(2, is_letter);
    const std::uint64_t word3 =
        (word_ << 3) | (before(1, is_word) << 2) | (before(2, is_word) << 1) | before(3, is_word);
    starts_ |= m.digits & letter1 & letter2 & ~word3;
  }

  std::string_view text_;
  std::size_t base_ = SIZE_MAX / 2;
  std::uint64_t digits_ = 0;
  std::uint64_t starts_ = 0;
  // Set only for blocks that hold a digit.
  std::uint64_t join_space_ = 0, join_other_ = 0, join_paren_ = 0, paren_follow_ = 0, word_ = 0;
  std::uint64_t join_paren_digit_ = 0;
};

// Whether a digit group ending at j is joined to another group, as the run loop below decides
// for a first group.
inline bool continues(std::string_view text, std::size_t j) noexcept {
  const auto n = text.size();
  if (j + 1 >= n) return false;
  const char s = text[j];
  if (s == ' ' || s == '-' || s == '.' || s == '/') return is_digit(text[j + 1]);
  if (s == ')' && is_digit(text[j + 1])) return true;
  return s == ')' && j + 2 < n && (text[j + 1] == ' ' || text[j + 1] == '-') &&
         is_digit(text[j + 2]);
}

// A phone extension glued to the end of a run ("555-0143x12"): 'x' and one to six digits, then
// no word character. It does not make the run glued to a word; it is not part of the run.
inline bool extension_at(std::string_view text, std::size_t j) noexcept {
  if (j >= text.size() || text[j] != 'x') return false;
  std::size_t k = j + 1;
  while (k < text.size() && k - j <= 7 && is_digit(text[k])) ++k;
  return k - j >= 2 && k - j <= 7 && (k == text.size() || !is_word(text[k]));
}

// The possible IBAN starting at `start` (two letters): groups of [A-Z0-9] ([A-Za-z0-9] after a
// country code with a small letter) joined by single spaces, at most 34 characters without
// spaces.
std::size_t iban_end(std::string_view text, std::size_t start) noexcept {
  // A country code in capitals takes capitals only; one with a small letter takes either case.
  const auto alpha = is_upper(text[start]) && is_upper(text[start + 1]) ? is_upper : is_letter;
  std::size_t i = start;
  std::size_t alnum = 0;
  while (i < text.size() && alnum < 34) {
    const char c = text[i];
    if (is_digit(c) || alpha(c)) {
      ++alnum;
      ++i;
    } else if (c == ' ' && i + 1 < text.size() && (is_digit(text[i + 1]) || alpha(text[i + 1]))) {
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
      const bool two = i >= 2 && is_letter(text[i - 1]) && is_letter(text[i - 2]) &&
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
    StartFinder::MaskedRun masked;
    if (starts.run_at(i, masked)) {
      const std::size_t j = masked.end;
      const bool glued_after = j < n && starts.word_at(j) && !extension_at(text, j);
      const bool enough = masked.groups > 1 ? masked.digits >= 4 : masked.digits >= 9;
      if (!glued_after && enough) {
        DigitRun& run = out[count++];
        run = DigitRun{};
        run.begin = static_cast<std::uint32_t>(begin);
        run.end = static_cast<std::uint32_t>(j);
        run.digits = static_cast<std::uint8_t>(masked.digits);
        run.groups = static_cast<std::uint8_t>(std::min<std::size_t>(masked.groups, 255));
      }
      i = starts.word_end(j);
      continue;
    }
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
      } else if (s == ')' && is_digit(text[j + 1])) {
        ++j;
      } else {
        break;
      }
      if (digits > kMaxRunDigits) break;
    }
    const bool glued_after = j < n && is_word(text[j]) && !extension_at(text, j);
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
