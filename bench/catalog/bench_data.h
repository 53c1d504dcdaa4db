#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/service_record.h"

namespace lw::bench {

// A deterministic synthetic catalog: `services` services (one port each on distinct
// addresses of 10.0.0.0/8), seen once per scan round, with products, verdicts, sizes and
// occasional findings spread like a real sweep (mostly secured, a few open).
struct SyntheticCatalog {
  std::uint64_t services = 100'000;
  std::uint32_t seed = 1;
  ServiceRecord record(std::uint64_t service, std::uint32_t round, std::int64_t time_ms) const;
};

// Parses "--name value" options; unknown names are an error.
bool parse_options(int argc, char** argv, std::vector<std::pair<std::string, std::string*>> opts);

}  // namespace lw::bench
