#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/monitor/monitor_store.h"
#include "core/result.h"
#include "monitor/config.h"
#include "monitor/daemon/log.h"
#include "monitor/daemon/sweep_discovery.h"
#include "monitor/scan_progress.h"
#include "monitor/scheduler.h"
#include "pipeline/classification_stage.h"
#include "pipeline/scan_config.h"
#include "probes/registry.h"

namespace lw::monitor::daemon {

// Connections in flight of one lane's scan, whatever `scheduling.concurrency` says: two lanes
// together stay far below the 20,000 open files the daemon may hold.
inline constexpr std::uint32_t kMaxLaneConcurrency = 4096;

// What every scan of the daemon shares: the probes and the classifier (the same hook
// `leakwatch scan` installs, run on the worker threads).
struct ScanEnvironment {
  std::vector<const Probe*> probes;
  std::vector<std::uint16_t> data_ports;
  pipeline::ClassifyFn classify;
  // Told of each scan's progress about once a second and at its end (optional).
  std::function<void(const ScanProgress&)> on_progress;
  // SYN discovery's sockets for sweeps (null: every sweep uses the connect engine).
  SweepDiscovery* discovery = nullptr;
};

struct ScanOutcome {
  std::string scan_id;
  bool interrupted = false;
  std::vector<catalog::ServiceRef> services;  // every service the scan recorded
  std::size_t open = 0;                       // of those, open without authentication
};

// The scan configuration of planned work: a sweep scans its asset's resolved targets on its
// ports (or the data ports); a batch of rescans scans exactly their (address, port) pairs; a
// manual rescan its target ("ADDRESS:PORT" or "[IPv6]:PORT" for one service) on the ports of
// the asset holding it (or the data ports). Rate: the plan's; concurrency:
// scheduling.concurrency capped at kMaxLaneConcurrency and at half of the files the process may
// open (RLIMIT_NOFILE) less 256.
Result<pipeline::ScanConfig> scan_config_for(std::span<const PlannedScan> work,
                                             const Config& config, const ScanEnvironment& env);

// Handed, about once a second on the scan's own thread (between commits, so it may use the
// scan's catalog), the open services the scan committed since the last call.
using FoundOpenFn = std::function<void(std::vector<catalog::ServiceRef>)>;

// Runs one scan of `work` (all of one kind) into the catalog: a sweep finds open ports as its
// asset's `discovery` and env.discovery allow (SweepDiscovery::prepare), rescans always with the
// connect engine (they look at known services, open or not); logs scan_started, runs
// pipeline::run_scan with the classifier and the catalog's known services, marks the scan done
// (or interrupted when `stop` was set), logs scan_finished, and returns what it recorded. With
// `found_open`, open services are handed to it while the scan runs, so a long sweep need not end
// before what it found is acted on.
Result<ScanOutcome> run_planned_scan(std::span<const PlannedScan> work, const Config& config,
                                     const ScanEnvironment& env, catalog::Catalog& catalog,
                                     Logger* log, const std::atomic<bool>& stop,
                                     const FoundOpenFn& found_open = {});

std::string_view to_string(ScanKind kind) noexcept;

}  // namespace lw::monitor::daemon
