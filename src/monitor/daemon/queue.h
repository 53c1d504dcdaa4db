#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "catalog/monitor/monitor_store.h"
#include "core/result.h"
#include "monitor/config.h"
#include "monitor/daemon/log.h"

namespace lw::monitor::daemon {

struct QueueResult {
  std::size_t notifications = 0;              // outbox rows written now
  std::optional<std::int64_t> next_group_ms;  // when a waiting group becomes ready
};

// The grouping step: the alerts waiting for notification (their "pending" payload) are gathered
// per (asset, channel) by ready_groups (group_wait, group_interval; `flush` treats every group
// as ready, for --once), and each ready group becomes one outbox row, its idempotency key
// derived from the channel and each member's alert id, content and waiting time. The alerts'
// new state and every outbox row are written in one transaction (record_notification): a
// crash before it queues nothing, and the next pass builds the same rows with the same keys.
// When a group was last sent is kept in the cursors "serve.group:<asset>:<channel>".
Result<QueueResult> queue_ready_groups(const Config& config, catalog::MonitorStore& store,
                                       Logger* log, std::int64_t now_ms, bool flush);

}  // namespace lw::monitor::daemon
