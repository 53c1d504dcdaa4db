#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "catalog/monitor/monitor_store.h"
#include "core/result.h"
#include "monitor/config.h"
#include "monitor/daemon/log.h"
#include "notify/deliver.h"

namespace lw::monitor::daemon {

// At most this many outbox rows are tried in one pass.
inline constexpr std::size_t kMaxDeliveriesPerPass = 64;

struct DeliveryStats {
  std::size_t delivered = 0;
  std::size_t retried = 0;
  std::size_t dead = 0;
};

// One pass of the delivery lane: every outbox row due at `now` (oldest first, at most
// kMaxDeliveriesPerPass) is sent once through `notifier` (each send bounded by its channel's
// timeout) and marked delivered; on a failure that may pass, retried after
// notify::next_attempt_delay (the receiver's Retry-After honoured); dead on a permanent refusal,
// after notify::kDeadLetterTries tries, when its body cannot be read back or its channel is no
// longer configured. Stops between rows once `stop` is set: the rest stay pending.
Result<DeliveryStats> deliver_due(const Config& config, catalog::MonitorStore& store,
                                  notify::Notifier& notifier, Logger* log, std::int64_t now_ms,
                                  const std::atomic<bool>& stop);

}  // namespace lw::monitor::daemon
