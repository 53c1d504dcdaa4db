#include "net/discovery/syn/answered_set.h"

namespace lw::discovery::syn {

Result<AnsweredSet> AnsweredSet::create(std::uint64_t targets) {
  if (targets > kMaxTargets) {
    return fail(ErrorCode::too_large,
                "SYN discovery handles at most 2^31 (address, port) pairs in one scan; narrow "
                "the targets or use --discovery connect",
                "--discovery syn");
  }
  AnsweredSet set;
  set.size_ = targets;
  set.words_ =
      std::vector<std::atomic<std::uint64_t>>(static_cast<std::size_t>((targets + 63) / 64));
  return set;
}

bool AnsweredSet::mark(std::uint64_t index) noexcept {
  if (index >= size_) return false;
  const std::uint64_t bit = std::uint64_t{1} << (index % 64);
  return (words_[index / 64].fetch_or(bit, std::memory_order_relaxed) & bit) == 0;
}

bool AnsweredSet::contains(std::uint64_t index) const noexcept {
  if (index >= size_) return false;
  return (words_[index / 64].load(std::memory_order_relaxed) >> (index % 64)) & 1u;
}

}  // namespace lw::discovery::syn
