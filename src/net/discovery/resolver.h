#pragma once

#include "net/discovery/target_set.h"

namespace lw::discovery {

// Resolves through the system resolver (getaddrinfo), IPv4 and IPv6, bounded to 64 addresses.
Result<std::vector<Address>> system_resolve(std::string_view name);

}  // namespace lw::discovery
