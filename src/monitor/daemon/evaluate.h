#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "catalog/catalog.h"
#include "catalog/monitor/monitor_store.h"
#include "core/result.h"
#include "monitor/config.h"
#include "monitor/daemon/log.h"

namespace lw::monitor::daemon {

// The catalog cursors the evaluation keeps (MonitorStore::get_cursor): the last catalog event
// it evaluated, and that event's time (the window events are read from).
inline constexpr std::string_view kEventCursor = "serve.events";
inline constexpr std::string_view kEventTimeCursor = "serve.events_time";
// Events are read from this long before the time cursor: a batch commits its records (and
// their events) a little after they were observed.
inline constexpr std::int64_t kEventWindowSlackMs = 3'600'000;
// At most this many new events, incidents and firing alerts are read per evaluation.
inline constexpr std::size_t kMaxEvaluationRows = catalog::kMaxListLimit;

struct EvaluationContext {
  const Config* config = nullptr;
  catalog::Catalog* catalog = nullptr;
  catalog::MonitorStore* store = nullptr;
  Logger* log = nullptr;  // optional
};

struct EvaluationStats {
  std::size_t services = 0;          // services evaluated
  std::size_t alerts = 0;            // alerts that became due for notification (new or changed)
  std::size_t silenced = 0;          // of those, held back by a silence
  std::size_t incidents_opened = 0;  // incidents opened or reopened
  std::size_t remediated = 0;        // incidents remediated by this rescan
};

// After a scan: evaluates the rules for every service in `touched` and for every service with
// a catalog event newer than the cursor, then advances the cursor. For each firing alert that
// should notify (should_notify) and no silence holds back, the service's incident is opened or
// joined and the alert is stored as waiting for notification (its payload's "pending": the
// channels, since when, its content); a silenced one is stored, not queued. A service no longer
// open whose incident is open or acknowledged is marked remediated (the proof: its latest
// observation) and its firing alerts resolved. Every write is idempotent, so a crash anywhere
// and the same evaluation again writes nothing twice (README "Crash points").
Result<EvaluationStats> evaluate_services(const EvaluationContext& ctx,
                                          std::span<const catalog::ServiceRef> touched,
                                          std::int64_t now_ms);

}  // namespace lw::monitor::daemon
