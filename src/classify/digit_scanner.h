#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace lw::classify {

// A run of digit groups joined by single separators (" -./", ") "), optionally opened by '(' or
// '+': the one place numeric identifiers are found. Every digit validator looks at each run.
struct DigitRun {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint8_t digits = 0;  // number of digits
  std::uint8_t groups = 0;  // number of digit groups
  // Digits glued to a word start ("DE89 3704 ...", "E11.9"): the alphanumeric candidate for the
  // IBAN and ICD-10 validators; then begin == end and only this span is set.
  std::uint32_t alpha_begin = 0;
  std::uint32_t alpha_end = 0;
};

struct DigitRunBatch {
  std::size_t count = 0;   // runs written to the front of `out`
  std::size_t resume = 0;  // where the next call continues; text.size() when the text is done
};

// Fills `out` with the runs of `text` found from offset `from` on, without allocating; call again
// from `resume` until it reaches text.size().
DigitRunBatch scan_digit_runs(std::string_view text, std::size_t from,
                              std::span<DigitRun> out) noexcept;

// Appends the runs of `text` (at most `cap`); returns false when the cap was hit.
bool scan_digit_runs(std::string_view text, std::vector<DigitRun>& out, std::size_t cap);

}  // namespace lw::classify
