#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "core/result.h"

namespace lw::discovery::syn {

// One bit per target index: set on the first valid answer, so a target is handed on once and a
// retry pass skips it. Its size is fixed by the target space, never by the traffic, so a flood
// of answers cannot grow it. Thread-safe.
class AnsweredSet {
 public:
  static constexpr std::uint64_t kMaxTargets = std::uint64_t{1} << 31;  // 256 MiB of bits

  static Result<AnsweredSet> create(std::uint64_t targets);

  // Marks `index`; true when it was not marked before.
  bool mark(std::uint64_t index) noexcept;
  bool contains(std::uint64_t index) const noexcept;

 private:
  std::vector<std::atomic<std::uint64_t>> words_;
  std::uint64_t size_ = 0;
};

}  // namespace lw::discovery::syn
