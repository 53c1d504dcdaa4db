#pragma once

#include <cstddef>
#include <cstdint>

namespace lw::classify {

// The byte classes the digit-run scanner needs for one block of 64 bytes: bit k of each mask
// says whether byte k is of that class. `glue` (a digit, lower-case letter or '_'), `upper`,
// `separator` (" -./"), `paren` (')'), `space_dash` (" -") and `space` are only filled in when the
// block holds a digit.
struct ByteClasses {
  std::uint64_t digits = 0;
  std::uint64_t glue = 0;
  std::uint64_t upper = 0;
  std::uint64_t separator = 0;
  std::uint64_t paren = 0;
  std::uint64_t space_dash = 0;
  std::uint64_t space = 0;
};

// Classifies bytes [0, n) of p (n <= 64; bytes from n on count as none). With n == 64 the block
// is read with AVX-512 when the CPU has it (checked once), else SSE2; the result is the same.
ByteClasses classify_bytes(const char* p, std::size_t n) noexcept;

// The portable version, for tests that compare it with the vector paths.
ByteClasses classify_bytes_scalar(const char* p, std::size_t n) noexcept;

}  // namespace lw::classify
