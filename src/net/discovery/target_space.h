#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/address.h"
#include "net/discovery/target_set.h"

namespace lw::discovery {

struct Target {
  Address address;
  std::uint16_t port = 0;
};

// The (address, port) space of a scan as a dense index [0, size()), so that a permutation of
// integers becomes a permutation of targets.
class TargetSpace {
 public:
  static Result<TargetSpace> create(const TargetSet& addresses, std::vector<std::uint16_t> ports);
  // An explicit list of (address, port) pairs, e.g. another scanner's discovery results:
  // index i is endpoints[i]. Duplicates are the caller's to remove.
  static Result<TargetSpace> of_endpoints(std::vector<Target> endpoints);

  std::uint64_t size() const { return size_; }
  std::uint64_t address_count() const { return address_count_; }
  const std::vector<std::uint16_t>& ports() const { return ports_; }
  Target at(std::uint64_t index) const;
  // The inverse of at() for a ranges x ports space (what a stateless receiver needs to map an
  // answer back to its index); nullopt when the pair is not in the space or the space is an
  // endpoint list.
  std::optional<std::uint64_t> index_of(const Target& target) const;

 private:
  std::vector<Target> endpoints_;  // set: the space is this list, not ranges x ports
  std::vector<AddressRange> ranges_;
  std::vector<std::uint64_t> starts_;  // index of each range's first address
  std::vector<std::uint16_t> ports_;
  bool ports_sorted_ = true;
  std::uint64_t address_count_ = 0;
  std::uint64_t size_ = 0;
};

}  // namespace lw::discovery
