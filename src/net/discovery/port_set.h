#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::discovery {

// Named port sets ("data": every default port the probes know). Supplied by the caller so that
// discovery knows no protocol.
using NamedPortSets = std::map<std::string, std::vector<std::uint16_t>, std::less<>>;

// "6379", "1-1024", "6379,11211,8000-8100", "data", "all", mixed; sorted and without duplicates.
Result<std::vector<std::uint16_t>> parse_port_spec(std::string_view spec, const NamedPortSets&);

}  // namespace lw::discovery
