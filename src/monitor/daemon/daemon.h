#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "monitor/config.h"
#include "monitor/daemon/log.h"
#include "monitor/daemon/sweep_discovery.h"
#include "monitor/scan_progress.h"
#include "notify/deliver.h"

namespace lw::monitor::daemon {

struct DaemonOptions {
  std::string config_path;  // reloaded from here on SIGHUP
  bool once = false;        // one plan, evaluate, deliver what is due once each, and return
  // The classifier's key (empty: the installation's default key) and pattern cache.
  std::string key_file;
  bool pattern_cache = true;
  // Told of the config the daemon starts with and of each reload it accepts (the API shows the
  // config that runs), and of each scan's progress; both optional, called from daemon threads.
  std::function<void(std::shared_ptr<const Config>)> on_config;
  std::function<void(const ScanProgress&)> on_scan_progress;
  // SYN discovery's sockets for the sweeps, opened before any thread started (SweepDiscovery::
  // open); null: every sweep uses the connect engine, and a reload asking for syn is refused.
  SweepDiscovery* discovery = nullptr;
};

struct DaemonResult {
  // A lane (a scan, a delivery) did not end within the grace period after a stop: the caller
  // must end the process without running destructors (what was in flight stays pending or
  // interrupted in the catalog, exactly as after a kill).
  bool abandoned = false;
};

// How long a stop waits for the lanes (a scan's in-flight connections, a delivery) to end.
inline constexpr std::chrono::milliseconds kStopGrace{3000};

// `leakwatch serve`: opens the catalog named by `config` (one connection per lane), then runs
// the loop (docs/serve.md "The daemon", src/monitor/daemon/README.md) until SIGTERM or SIGINT
// (Signals), or one round with `once`. Errors: the catalog cannot be opened or fails.
Result<DaemonResult> run_daemon(Config config, const DaemonOptions& options, Logger& log,
                                notify::Notifier& notifier);

}  // namespace lw::monitor::daemon
