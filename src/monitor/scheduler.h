#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "monitor/asset.h"

namespace lw::monitor {

// What the daemon remembers of one asset's full sweeps (restored from the catalog on restart).
struct SweepState {
  std::string asset;
  std::optional<std::int64_t> last_started_ms;  // start of the last sweep that FINISHED
  bool running = false;                         // a sweep of it is under way now
};

// A service the scheduler looks at again between sweeps: open now, or changed recently.
struct WatchedService {
  std::string asset;
  std::string address;
  std::uint16_t port = 0;
  bool open = false;
  std::optional<std::int64_t> changed_ms;  // its latest event (became_secured, data_grew...)
  std::int64_t last_scanned_ms = 0;
};

// `leakwatch rescan TARGET` (or the API) asked for a look now.
struct ManualRescan {
  std::string target;                // what `scan` takes
  std::vector<std::uint16_t> ports;  // empty: the asset's ports (or the data ports)
  std::int64_t requested_ms = 0;
  std::int64_t request_id = 0;  // its row in the catalog's rescan queue (0: none)
};

enum class ScanKind { manual, rescan, sweep };

struct PlannedScan {
  ScanKind kind = ScanKind::sweep;
  std::string asset;                 // "" for a manual rescan outside every asset
  std::vector<std::string> targets;  // scan's target syntax
  std::vector<std::uint16_t> ports;  // empty: the data ports
  double rate = 0;                   // targets/s this work may use
  std::int64_t due_ms = 0;           // when it became due (the oldest first)
  std::int64_t request_id = 0;       // a manual rescan's queue row, finished when it has run
};

struct Plan {
  std::vector<PlannedScan> scans;           // manual first, then rescans, then sweeps
  std::optional<std::int64_t> next_due_ms;  // when the next work not planned now falls due
};

// A service stays watched at changed_rescan for this long after its latest change.
inline constexpr std::chrono::seconds kChangedWatch{3600};
inline constexpr std::size_t kMaxManualPerPlan = 64;
inline constexpr std::size_t kMaxRescanTargetsPerPlan = 4096;
// The least rate (targets/s) the batch of fast rescans is given; at most twice its size above it.
inline constexpr double kMinRescanRate = 100;

struct ScheduleInput {
  std::span<const Asset> assets;
  const Scheduling* scheduling = nullptr;
  std::span<const SweepState> sweeps;  // by asset name; an asset without one was never swept
  std::span<const WatchedService> services;
  std::span<const ManualRescan> manual;
  std::int64_t now_ms = 0;
};

// Pure: what to scan now. Manual rescans first (at most kMaxManualPerPlan, oldest first), then
// one batch of the open services due again after open_rescan and of the services changed within
// kChangedWatch due after changed_rescan (most overdue first), then the full sweeps due by
// cadence (the last finished sweep's start + cadence; never swept: now), at most max_sweeps
// running at once. A restart that restores SweepState does not sweep from zero. The global rate
// is split equally across the work running together (running sweeps included), each sweep capped
// by its asset's own rate, what a cap leaves unused going to the others.
Plan plan_scans(const ScheduleInput& input);

}  // namespace lw::monitor
