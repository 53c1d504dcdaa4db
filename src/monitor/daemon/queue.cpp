#include "monitor/daemon/queue.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "monitor/daemon/pending.h"
#include "monitor/grouping.h"
#include "monitor/rules.h"
#include "notify/notification.h"

namespace lw::monitor::daemon {
namespace {

std::string group_cursor(const std::string& asset, const std::string& channel) {
  return "serve.group:" + asset + ":" + channel;
}

bool has_channel(const Config& config, const std::string& name) {
  return std::any_of(config.channels.begin(), config.channels.end(),
                     [&](const notify::Channel& c) { return c.name == name; });
}

}  // namespace

Result<QueueResult> queue_ready_groups(const Config& config, catalog::MonitorStore& store,
                                       Logger* log, std::int64_t now_ms, bool flush) {
  catalog::AlertFilter filter;
  filter.limit = catalog::kMaxListLimit;
  auto alerts = store.list_alerts(filter);
  if (!alerts) return tl::unexpected(alerts.error());

  std::vector<catalog::AlertRow> rows;
  std::vector<Pending> pendings;
  std::vector<notify::AlertPayload> payloads;
  std::vector<PendingNotification> items;
  std::vector<std::size_t> item_row;  // items[i] belongs to rows[item_row[i]]
  for (auto& a : *alerts) {
    auto p = pending_of(a);
    if (!p) continue;
    auto payload = notify::alert_from_json(a.payload.value("alert", nlohmann::json::object()));
    if (!payload) {
      // Never sendable: it leaves the queue (with its channels dropped below), so one bad row
      // cannot stop every notification behind it.
      if (log != nullptr) {
        log->error("alert_unreadable", {{"alert_id", a.id}, {"error", payload.error().message}});
      }
      p->channels.clear();
    }
    rows.push_back(std::move(a));
    payloads.push_back(payload ? std::move(*payload) : notify::AlertPayload{});
    pendings.push_back(*p);
    for (const auto& ch : p->channels) {
      // A channel removed by a reload takes nothing more.
      if (!has_channel(config, ch)) continue;
      // Waiting since "the future" (the clock was stepped back): waiting since now.
      items.push_back({rows.back().id, rows.back().asset, ch, std::min(p->since_ms, now_ms)});
      item_row.push_back(rows.size() - 1);
    }
  }
  QueueResult out;
  if (items.empty() && rows.empty()) return out;

  std::map<std::pair<std::string, std::string>, bool> groups;
  for (const auto& i : items) groups[{i.asset, i.channel}] = true;
  std::vector<GroupSent> sent;
  for (const auto& [g, unused] : groups) {
    auto t = store.get_cursor(group_cursor(g.first, g.second));
    if (!t) return tl::unexpected(t.error());
    // A send "in the future" (the clock was stepped back) is forgotten rather than waited for.
    if (*t > 0 && *t <= now_ms) sent.push_back({g.first, g.second, *t});
  }
  GroupTiming timing{config.group_wait, config.group_interval};
  if (flush) timing = GroupTiming{std::chrono::seconds(0), std::chrono::seconds(0)};
  const auto ready =
      ready_groups(items, flush ? std::span<const GroupSent>() : sent, timing, now_ms);

  // Which channels of each alert go now.
  std::vector<std::vector<std::string>> going(rows.size());
  catalog::NotificationBatch batch;
  for (const auto& g : ready) {
    notify::Notification n;
    n.channel = g.channel;
    n.asset = g.asset;
    n.created_ms = now_ms;
    std::string material;
    nlohmann::json ids = nlohmann::json::array();
    for (std::size_t m : g.members) {
      const std::size_t r = item_row[m];
      const auto& row = rows[r];
      const auto& p = pendings[r];
      material += row.id + ":" + p.content_hash + ":" + p.state_hash + ":" +
                  std::to_string(p.since_ms) + "\n";
      n.alerts.push_back(payloads[r]);
      ids.push_back(row.id);
      going[r].push_back(g.channel);
    }
    // One key per (alerts, what they say, channel): a rerun after a crash builds the same key.
    n.idempotency_key = "nk-" + alert_id("notification:" + g.channel, material);
    catalog::OutboxRow o;
    o.channel = g.channel;
    o.idempotency_key = n.idempotency_key;
    o.alert_ids = std::move(ids);
    o.body = notify::to_json(n);
    o.next_attempt_ms = now_ms;
    o.created_ms = now_ms;
    batch.outbox.push_back(std::move(o));
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    auto p = pendings[r];
    const auto before = pending_of(rows[r])->channels.size();
    std::erase_if(p.channels, [&](const std::string& ch) {
      return !has_channel(config, ch) ||
             std::find(going[r].begin(), going[r].end(), ch) != going[r].end();
    });
    if (p.channels.size() == before && !p.channels.empty()) continue;
    auto row = rows[r];
    if (p.channels.empty()) {
      row.payload.erase("pending");
      row.last_notified_ms = now_ms;
      row.content_hash = p.content_hash;
      row.payload["state_hash"] = p.state_hash;
    } else {
      set_pending(row, p);
    }
    batch.alerts.push_back(std::move(row));
  }
  if (!batch.alerts.empty() || !batch.outbox.empty()) {
    auto queued = store.record_notification(batch);
    if (!queued) return tl::unexpected(queued.error());
    out.notifications = batch.outbox.size();
    for (std::size_t i = 0; i < queued->size() && i < batch.outbox.size(); ++i) {
      if (log != nullptr) {
        log->info("queued", {{"outbox_id", (*queued)[i]},
                             {"channel", batch.outbox[i].channel},
                             {"alerts", batch.outbox[i].alert_ids.size()}});
      }
    }
    for (const auto& g : ready) {
      if (auto ok = store.put_cursor(group_cursor(g.asset, g.channel), now_ms); !ok) {
        return tl::unexpected(ok.error());
      }
    }
  }
  if (!flush) out.next_group_ms = next_group_time(items, sent, timing, now_ms);
  return out;
}

}  // namespace lw::monitor::daemon
