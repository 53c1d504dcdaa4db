#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "catalog/store.h"
#include "core/address.h"
#include "core/result.h"
#include "pipeline/scan_config.h"

namespace lw::pipeline {

using SeenBefore = std::function<bool(const Address&, std::uint16_t)>;

constexpr std::size_t kMaxKnownServices = 2'000'000;

// The services the catalog holds as reachable inside the scan's address ranges, as a
// thread-safe lookup for the scan (ScanHooks::seen_before): a target among them that no longer
// answers is reported so that the catalog can derive "service gone". Past kMaxKnownServices the
// rest are left out and a note says so.
Result<SeenBefore> known_services(catalog::Store& store, const ScanConfig& config,
                                  std::vector<std::string>& notes);

}  // namespace lw::pipeline
