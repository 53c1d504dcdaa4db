#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/monitor/monitor_store.h"
#include "core/result.h"
#include "monitor/config.h"
#include "monitor/scheduler.h"

namespace lw::monitor::daemon {

// What the daemon's plan looks at, read from the catalog (the owner of the vectors
// ScheduleInput's spans point into).
struct ScheduleData {
  std::vector<SweepState> sweeps;
  std::vector<WatchedService> services;
  std::vector<ManualRescan> manual;
  ScheduleInput input(const Config& config, std::int64_t now_ms) const;
};

// The daemon's memory between plans: sweeps under way (by asset) and when it last scanned a
// service itself ("address|port"), for a service whose last_seen the catalog did not move
// (one that went away).
struct ScheduleMemory {
  std::set<std::string> running_sweeps;
  std::map<std::string, std::int64_t> last_scanned;
};

// Sweep state per asset from get_schedule; watched services: those open now (each_service) or
// with an event within kChangedWatch (at most kMaxListLimit events), inside an asset; manual
// rescans from take_rescans (taken now, at most kMaxManualPerPlan) when `take_manual`.
Result<ScheduleData> read_schedule(const Config& config, catalog::Catalog& catalog,
                                   catalog::MonitorStore& store, const ScheduleMemory& memory,
                                   std::int64_t now_ms, bool take_manual);

// A sweep's start and end in the asset's schedule row. The start of the last sweep that
// finished is kept in sweep_cursor, so a sweep interrupted by a restart leaves the asset due at
// the cadence after the one before it.
Result<void> record_sweep_start(catalog::MonitorStore& store, const std::string& asset,
                                std::int64_t now_ms);
Result<void> record_sweep_done(catalog::MonitorStore& store, const std::string& asset,
                               std::int64_t started_ms, std::int64_t now_ms);

std::string service_memory_key(std::string_view address, std::uint16_t port);

}  // namespace lw::monitor::daemon
