#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/probe.h"
#include "core/result.h"
#include "probes/registry.h"

// Which probes a scan runs and which ports it probes by default: shared by `leakwatch scan` and
// `leakwatch serve`.
namespace lw::pipeline {

// The probes a scan runs, by id ("" or empty = all, "none" = connect only).
Result<std::vector<const Probe*>> select_probes(const probes::ProbeList& all,
                                                const std::vector<std::string>& ids);

// Every port some probe claims by default: the "data" port set, sorted.
std::vector<std::uint16_t> data_ports(const probes::ProbeList& probes);

}  // namespace lw::pipeline
