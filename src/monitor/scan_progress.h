#pragma once

#include <cstdint>
#include <string>

namespace lw::monitor {

// One of the daemon's scans as it runs, reported about once a second and once at its end
// (/metrics: sweep progress and scan rate).
struct ScanProgress {
  std::string scan_id;
  std::string kind;                   // sweep, rescan, manual
  std::string asset;                  // "" for a batch of rescans over several assets
  std::string discovery = "connect";  // or "syn" (docs/serve.md "Discovery")
  std::uint64_t targets_total = 0;
  std::uint64_t targets_done = 0;
  std::uint64_t services_open = 0;
  double elapsed_s = 0;
  bool finished = false;

  double targets_per_second() const {
    return elapsed_s > 0 ? static_cast<double>(targets_done) / elapsed_s : 0.0;
  }
};

}  // namespace lw::monitor
