#include "monitor/daemon/delivery.h"

#include <functional>
#include <string>

#include "notify/notification.h"
#include "notify/retry.h"

namespace lw::monitor::daemon {
namespace {

const notify::Channel* channel_named(const Config& config, const std::string& name) {
  for (const auto& c : config.channels) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

void log_result(Logger* log, std::string_view msg, const catalog::OutboxRow& row,
                std::string_view error, nlohmann::json extra = nlohmann::json::object()) {
  if (log == nullptr) return;
  extra["outbox_id"] = row.id;
  extra["channel"] = row.channel;
  extra["error"] = std::string(error);
  extra["tries"] = row.tries + 1;
  log->log(msg == "delivered" ? LogLevel::info : LogLevel::warn, msg, extra);
}

}  // namespace

Result<DeliveryStats> deliver_due(const Config& config, catalog::MonitorStore& store,
                                  notify::Notifier& notifier, Logger* log, std::int64_t now_ms,
                                  const std::atomic<bool>& stop) {
  DeliveryStats stats;
  auto rows = store.due(now_ms, kMaxDeliveriesPerPass);
  if (!rows) return tl::unexpected(rows.error());
  for (const auto& row : *rows) {
    if (stop.load()) break;
    auto dead = [&](const std::string& why) -> Result<void> {
      if (auto ok = store.mark_dead(row.id, why); !ok) return ok;
      ++stats.dead;
      log_result(log, "dead", row, why);
      return {};
    };
    const notify::Channel* channel = channel_named(config, row.channel);
    if (channel == nullptr) {
      if (auto ok = dead("channel '" + row.channel + "' is no longer configured"); !ok) {
        return tl::unexpected(ok.error());
      }
      continue;
    }
    auto n = notify::notification_from_json(row.body);
    if (!n) {
      if (auto ok = dead("stored notification unreadable: " + n.error().message); !ok) {
        return tl::unexpected(ok.error());
      }
      continue;
    }
    const std::int64_t sent_ms = wall_ms();
    const auto result = notifier.send(*channel, *n, sent_ms);
    if (result.status == notify::DeliveryStatus::delivered) {
      if (auto ok = store.mark_delivered(row.id, wall_ms()); !ok) return tl::unexpected(ok.error());
      ++stats.delivered;
      log_result(log, "delivered", row, "", {{"response_code", result.response_code}});
      continue;
    }
    const int tries = static_cast<int>(row.tries) + 1;
    if (result.status == notify::DeliveryStatus::permanent || notify::is_dead_letter(tries)) {
      if (auto ok = dead(result.error); !ok) return tl::unexpected(ok.error());
      continue;
    }
    const auto seed = std::hash<std::string>{}(row.idempotency_key + "#" + std::to_string(tries));
    const auto delay = notify::next_attempt_delay(tries, result.retry_after, seed);
    const std::int64_t next = wall_ms() + delay.count();
    if (auto ok = store.mark_retry(row.id, next, result.error); !ok) {
      return tl::unexpected(ok.error());
    }
    ++stats.retried;
    log_result(log, "retry", row, result.error,
               {{"next_attempt", iso8601_ms(next)}, {"response_code", result.response_code}});
  }
  return stats;
}

}  // namespace lw::monitor::daemon
