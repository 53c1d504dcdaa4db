#include "net/discovery/target_space.h"

#include <algorithm>

#include "net/discovery/cyclic_permutation.h"

namespace lw::discovery {

Result<TargetSpace> TargetSpace::create(const TargetSet& addresses,
                                        std::vector<std::uint16_t> ports) {
  if (ports.empty()) return fail(ErrorCode::invalid_argument, "no ports to scan", "-p");
  const u128 total = addresses.address_count * ports.size();
  if (addresses.address_count == 0 || total > CyclicPermutation::kMaxSize ||
      addresses.address_count > CyclicPermutation::kMaxSize) {
    return fail(ErrorCode::too_large,
                "target space is too large (at most 2^62 address and port pairs; narrow the "
                "IPv6 prefixes)");
  }
  TargetSpace space;
  space.ports_ = std::move(ports);
  space.ports_sorted_ = std::is_sorted(space.ports_.begin(), space.ports_.end());
  std::uint64_t next = 0;
  for (const auto& r : addresses.ranges) {
    space.ranges_.push_back(r);
    space.starts_.push_back(next);
    next += static_cast<std::uint64_t>(r.size());
  }
  space.address_count_ = next;
  space.size_ = static_cast<std::uint64_t>(total);
  return space;
}

Result<TargetSpace> TargetSpace::of_endpoints(std::vector<Target> endpoints) {
  if (endpoints.empty()) return fail(ErrorCode::invalid_argument, "no targets to scan");
  TargetSpace space;
  space.size_ = endpoints.size();
  std::vector<Address> addresses;
  addresses.reserve(endpoints.size());
  for (const auto& e : endpoints) {
    addresses.push_back(e.address);
    space.ports_.push_back(e.port);
  }
  std::sort(space.ports_.begin(), space.ports_.end());
  space.ports_.erase(std::unique(space.ports_.begin(), space.ports_.end()), space.ports_.end());
  std::sort(addresses.begin(), addresses.end());
  space.address_count_ = static_cast<std::uint64_t>(
      std::distance(addresses.begin(), std::unique(addresses.begin(), addresses.end())));
  space.endpoints_ = std::move(endpoints);
  return space;
}

Target TargetSpace::at(std::uint64_t index) const {
  if (!endpoints_.empty()) return endpoints_[static_cast<std::size_t>(index)];
  const std::uint64_t address_index = index / ports_.size();
  const auto port = ports_[static_cast<std::size_t>(index % ports_.size())];
  auto it = std::upper_bound(starts_.begin(), starts_.end(), address_index);
  const auto range_index = static_cast<std::size_t>(std::distance(starts_.begin(), it) - 1);
  const auto& r = ranges_[range_index];
  return {Address{r.first.value + (address_index - starts_[range_index]), r.first.v6}, port};
}

std::optional<std::uint64_t> TargetSpace::index_of(const Target& target) const {
  if (!endpoints_.empty() || ranges_.empty()) return std::nullopt;
  // Port lists come sorted from the port parser; a hand-ordered one is searched linearly.
  const auto port = ports_sorted_ ? std::lower_bound(ports_.begin(), ports_.end(), target.port)
                                  : std::find(ports_.begin(), ports_.end(), target.port);
  if (port == ports_.end() || *port != target.port) return std::nullopt;
  // Ranges are in index order; find the last range starting at or before the address.
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), target.address,
                             [](const Address& a, const AddressRange& r) { return a < r.first; });
  if (it == ranges_.begin()) return std::nullopt;
  const auto range_index = static_cast<std::size_t>(std::distance(ranges_.begin(), it) - 1);
  if (!ranges_[range_index].contains(target.address)) return std::nullopt;
  const auto offset =
      static_cast<std::uint64_t>(target.address.value - ranges_[range_index].first.value);
  return (starts_[range_index] + offset) * ports_.size() +
         static_cast<std::uint64_t>(std::distance(ports_.begin(), port));
}

}  // namespace lw::discovery
