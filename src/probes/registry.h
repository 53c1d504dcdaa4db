#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/probe.h"

namespace lw::probes {

using ProbeList = std::vector<std::unique_ptr<const Probe>>;

// Every built-in probe, in the order they are tried on a port that no probe claims by default.
// The generic banner probe is always last. An explicit list: no static self-registration.
ProbeList builtin_probes();

// The families' lists, each kept in its own file.
void append_database_probes(ProbeList&);    // registry_databases.cpp
void append_web_probes(ProbeList&);         // registry_web.cpp
void append_files_mail_probes(ProbeList&);  // registry_files_mail.cpp

}  // namespace lw::probes
