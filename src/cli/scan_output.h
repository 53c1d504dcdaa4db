#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "core/address.h"
#include "core/service_record.h"
#include "pipeline/scan_runner.h"

namespace lw::cli {

// The exact decimal of a 128-bit count (an IPv6 space does not fit unsigned long long).
std::string decimal(u128 n);

// "[  1204/65536   1.8%]  1520/s  open 3  in flight 45  0:12 elapsed  ETA 0:30"
std::string progress_line(const pipeline::ScanCounters&);

// The findings table printed at the end of a scan: open services first.
void print_findings_table(std::FILE* out, std::vector<ServiceRecord> records);

}  // namespace lw::cli
