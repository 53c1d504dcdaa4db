#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "classify/classifier.h"

namespace lw::classify {

// Collects findings across the buffers of one document: de-duplicates and caps them.
class FindingSink {
 public:
  explicit FindingSink(std::size_t cap) : cap_(cap) {}
  // False when the cap is reached (the caller stops).
  bool add(Finding finding);
  bool full() const noexcept { return findings_.size() >= cap_; }
  std::vector<Finding> take() {
    slots_.clear();
    hashes_.clear();
    return std::move(findings_);
  }
  std::size_t size() const noexcept { return findings_.size(); }

 private:
  void grow();

  std::size_t cap_;
  std::vector<Finding> findings_;
  // An open-addressing set over findings_ (detector + location + hash): slots hold index + 1
  // (0 is empty), hashes_ each finding's key hash; no key string or node per finding.
  std::vector<std::uint32_t> slots_;
  std::vector<std::size_t> hashes_;
};

}  // namespace lw::classify
