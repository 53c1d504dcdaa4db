#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "net/discovery/syn/syn_scanner.h"
#include "pipeline/scan_config.h"

namespace lw::cli {

// Opens SYN discovery for a scan: finds the interface, source address and next hop's MAC from
// the routing and neighbour tables (or the --interface, --source-ip, --gateway-mac overrides),
// checks that every target leaves by that one route, opens the raw sockets, then drops every
// capability of the process. Errors: unsupported when CAP_NET_RAW is missing, invalid_argument
// or not_found for a bad override or a target outside any route. `notes` gets one line on the
// link used.
Result<discovery::syn::SynScanner> open_syn_discovery(const pipeline::ScanConfig& config,
                                                      std::vector<std::string>& notes);

}  // namespace lw::cli
