#include "classify/finding_sink.h"

#include <algorithm>
#include <functional>
#include <string_view>

namespace lw::classify {

namespace {

std::size_t finding_key_hash(const Finding& f) noexcept {
  const std::hash<std::string_view> h;
  std::size_t seed = h(f.detector);
  seed ^= h(f.location) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  seed ^= h(f.value_hash) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  return seed;
}

bool same_key(const Finding& a, const Finding& b) noexcept {
  return a.detector == b.detector && a.location == b.location && a.value_hash == b.value_hash;
}

}  // namespace

void FindingSink::grow() {
  slots_.assign(std::max<std::size_t>(64, slots_.size() * 2), 0);
  const auto mask = slots_.size() - 1;
  for (std::size_t k = 0; k < hashes_.size(); ++k) {
    auto pos = hashes_[k] & mask;
    while (slots_[pos] != 0) pos = (pos + 1) & mask;
    slots_[pos] = static_cast<std::uint32_t>(k + 1);
  }
}

bool FindingSink::add(Finding finding) {
  if (full()) return false;
  if ((findings_.size() + 1) * 2 > slots_.size()) grow();  // load factor <= 1/2
  const auto hash = finding_key_hash(finding);
  const auto mask = slots_.size() - 1;
  auto pos = hash & mask;
  for (; slots_[pos] != 0; pos = (pos + 1) & mask) {
    const auto k = slots_[pos] - 1;
    if (hashes_[k] == hash && same_key(findings_[k], finding)) return true;  // already found
  }
  findings_.push_back(std::move(finding));
  hashes_.push_back(hash);
  slots_[pos] = static_cast<std::uint32_t>(findings_.size());
  return !full();
}

}  // namespace lw::classify
