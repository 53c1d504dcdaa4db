#include "pipeline/known_services.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "catalog/catalog.h"

namespace lw::pipeline {

Result<SeenBefore> known_services(catalog::Store& store, const ScanConfig& config,
                                  std::vector<std::string>& notes) {
  auto* cat = dynamic_cast<catalog::Catalog*>(&store);
  if (cat == nullptr) return SeenBefore{};
  const auto& ranges = config.ranges;  // sorted and disjoint
  const auto covered = [&](const Address& a) {
    auto it = std::upper_bound(ranges.begin(), ranges.end(), a,
                               [](const Address& x, const AddressRange& r) { return x < r.first; });
    return it != ranges.begin() && std::prev(it)->contains(a);
  };
  auto known = std::make_shared<std::vector<std::pair<Address, std::uint16_t>>>();
  bool capped = false;
  auto walked = cat->each_service([&](const catalog::ServiceRow& row) {
    if (!row.reachable) return true;
    auto address = Address::parse(row.address);
    if (!address || !covered(*address)) return true;
    if (known->size() >= kMaxKnownServices) {
      capped = true;
      return false;
    }
    known->emplace_back(*address, row.port);
    return true;
  });
  if (!walked) return tl::unexpected(walked.error());
  if (capped) {
    notes.push_back("more than " + std::to_string(kMaxKnownServices) +
                    " known services in range: the rest cannot be reported gone by this scan");
  }
  std::sort(known->begin(), known->end());
  return SeenBefore([known](const Address& a, std::uint16_t port) {
    return std::binary_search(known->begin(), known->end(), std::pair{a, port});
  });
}

}  // namespace lw::pipeline
