#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "net/discovery/syn/syn_scanner.h"
#include "pipeline/scan_config.h"

namespace lw::pipeline {

// What SYN discovery needs to scan `config`'s targets: the interface, source address and next
// hop's MAC from the routing and neighbour tables (or config.syn's interface, source_ip and
// gateway_mac overrides), after checking that every target leaves by that one route; with the
// rate, retries, cooldown and shard of `config`. Needs no capability. Errors: invalid_argument or
// not_found naming a bad override, a target outside every route, or one of this host's own
// addresses. `notes` gets one line on the link ("SYN discovery on IF from ADDRESS ...").
Result<discovery::syn::SynScanOptions> syn_scan_options(const ScanConfig& config,
                                                        std::vector<std::string>& notes);

}  // namespace lw::pipeline
