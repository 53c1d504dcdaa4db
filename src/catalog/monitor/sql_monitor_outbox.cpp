// Alerts and the notification outbox (the transactional-outbox pattern: an alert's notified
// state and its notifications are written in one transaction).
#include "catalog/monitor/sql_monitor_store.h"

namespace lw::catalog {
namespace {

constexpr std::string_view kAlertColumns =
    "SELECT id, rule, address, port, transport, asset, state, first_seen_ms, last_fired_ms, "
    "last_notified_ms, resolved_ms, content_hash, payload FROM monitor_alerts ";

AlertRow alert_from_row(const SqlRow& r) {
  AlertRow a;
  a.id = as_text(r[0]);
  a.rule = as_text(r[1]);
  a.address = as_text(r[2]);
  a.port = static_cast<std::uint16_t>(as_int(r[3]));
  a.transport = as_text(r[4]);
  a.asset = as_text(r[5]);
  a.state = as_text(r[6]);
  a.first_seen_ms = as_int(r[7]);
  a.last_fired_ms = as_int(r[8]);
  a.last_notified_ms = optional_int(r[9]);
  a.resolved_ms = optional_int(r[10]);
  a.content_hash = as_text(r[11]);
  a.payload = parse_json_column(r[12]);
  return a;
}

constexpr std::string_view kOutboxColumns =
    "SELECT id, channel, idempotency_key, alert_ids, body, state, tries, next_attempt_ms, "
    "last_error, created_ms, delivered_ms FROM monitor_outbox ";

OutboxRow outbox_from_row(const SqlRow& r) {
  OutboxRow o;
  o.id = as_int(r[0]);
  o.channel = as_text(r[1]);
  o.idempotency_key = as_text(r[2]);
  o.alert_ids = parse_json_column(r[3]);
  o.body = parse_json_column(r[4]);
  o.state = as_text(r[5]);
  o.tries = as_int(r[6]);
  o.next_attempt_ms = as_int(r[7]);
  o.last_error = as_text(r[8]);
  o.created_ms = as_int(r[9]);
  o.delivered_ms = optional_int(r[10]);
  return o;
}

Result<void> check_alert(const AlertRow& a) {
  for (const auto& [field, value] :
       {std::pair<std::string_view, std::string_view>{"alert id", a.id},
        {"alert rule", a.rule},
        {"alert address", a.address},
        {"alert transport", a.transport}}) {
    if (auto ok = check_key(field, value); !ok) return ok;
  }
  if (auto ok = check_key("alert asset", a.asset, false); !ok) return ok;
  if (auto ok = check_key("alert content hash", a.content_hash, false); !ok) return ok;
  return check_one_of("alert state", a.state, {"firing", "resolved"});
}

Result<void> check_outbox(const OutboxRow& o) {
  if (auto ok = check_key("outbox channel", o.channel); !ok) return ok;
  if (auto ok = check_key("outbox idempotency key", o.idempotency_key); !ok) return ok;
  if (!o.alert_ids.is_array()) {
    return fail(ErrorCode::invalid_argument, "outbox alert ids must be a JSON array");
  }
  return {};
}

}  // namespace

Result<void> SqlMonitorStore::write_alert(const AlertRow& a) {
  auto payload = json_text("alert payload", a.payload);
  if (!payload) return tl::unexpected(payload.error());
  const SqlValue params[] = {a.id,
                             a.rule,
                             a.address,
                             std::int64_t{a.port},
                             a.transport,
                             a.asset,
                             a.state,
                             a.first_seen_ms,
                             a.last_fired_ms,
                             optional_value(a.last_notified_ms),
                             optional_value(a.resolved_ms),
                             a.content_hash,
                             std::move(*payload)};
  // A known alert keeps the time it was first seen.
  auto r = db_->execute(
      "INSERT INTO monitor_alerts (id, rule, address, port, transport, asset, state, "
      "first_seen_ms, last_fired_ms, last_notified_ms, resolved_ms, content_hash, payload) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
      "rule = excluded.rule, address = excluded.address, port = excluded.port, "
      "transport = excluded.transport, asset = excluded.asset, state = excluded.state, "
      "first_seen_ms = CASE WHEN monitor_alerts.first_seen_ms < excluded.first_seen_ms "
      "THEN monitor_alerts.first_seen_ms ELSE excluded.first_seen_ms END, "
      "last_fired_ms = excluded.last_fired_ms, last_notified_ms = excluded.last_notified_ms, "
      "resolved_ms = excluded.resolved_ms, content_hash = excluded.content_hash, "
      "payload = excluded.payload",
      params);
  if (!r) return tl::unexpected(r.error());
  return {};
}

Result<void> SqlMonitorStore::upsert_alert(const AlertRow& a) {
  if (auto ok = check_alert(a); !ok) return ok;
  return in_transaction([&] { return write_alert(a); });
}

Result<std::optional<AlertRow>> SqlMonitorStore::get_alert(std::string_view id) {
  const SqlValue key[] = {std::string(id)};
  auto rows = read_rows(std::string(kAlertColumns) + "WHERE id = ?", key);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<AlertRow>{};
  return std::optional<AlertRow>(alert_from_row(rows->front()));
}

Result<std::vector<AlertRow>> SqlMonitorStore::list_alerts(const AlertFilter& f) {
  if (auto ok = check_one_of("alert state", f.state, {"", "firing", "resolved"}); !ok) {
    return tl::unexpected(ok.error());
  }
  const SqlValue params[] = {f.state, f.state, f.asset, f.asset, clamp_limit(f.limit)};
  auto rows = read_rows(std::string(kAlertColumns) +
                            "WHERE (? = '' OR state = ?) AND (? = '' OR asset = ?) "
                            "ORDER BY last_fired_ms DESC, id LIMIT ?",
                        params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<AlertRow> out;
  for (const auto& r : *rows) out.push_back(alert_from_row(r));
  return out;
}

Result<void> SqlMonitorStore::resolve_alert(std::string_view id, std::int64_t now_ms) {
  const SqlValue params[] = {now_ms, std::string(id)};
  return in_transaction([&]() -> Result<void> {
    auto r = db_->query(
        "UPDATE monitor_alerts SET state = 'resolved', resolved_ms = ? WHERE id = ? "
        "RETURNING id",
        params);
    if (!r) return tl::unexpected(r.error());
    if (r->empty()) return fail(ErrorCode::not_found, "no alert '" + std::string(id) + "'");
    return {};
  });
}

Result<std::int64_t> SqlMonitorStore::enqueue(const OutboxRow& o) {
  auto alert_ids = json_text("outbox alert ids", o.alert_ids);
  if (!alert_ids) return tl::unexpected(alert_ids.error());
  auto body = json_text("outbox body", o.body);
  if (!body) return tl::unexpected(body.error());
  const SqlValue params[] = {o.channel,        o.idempotency_key, std::move(*alert_ids),
                             std::move(*body), o.next_attempt_ms, o.created_ms};
  auto r = db_->execute(
      "INSERT INTO monitor_outbox (channel, idempotency_key, alert_ids, body, state, tries, "
      "next_attempt_ms, created_ms) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) "
      "ON CONFLICT (channel, idempotency_key) DO NOTHING",
      params);
  if (!r) return tl::unexpected(r.error());
  const SqlValue key[] = {o.channel, o.idempotency_key};
  auto id = query_value(
      *db_, "SELECT id FROM monitor_outbox WHERE channel = ? AND idempotency_key = ?", key);
  if (!id) return tl::unexpected(id.error());
  return as_int(*id);
}

Result<std::vector<std::int64_t>> SqlMonitorStore::record_notification(
    const NotificationBatch& batch) {
  // Check everything first: a bad row refuses the batch before anything is written.
  for (const auto& a : batch.alerts) {
    if (auto ok = check_alert(a); !ok) return tl::unexpected(ok.error());
  }
  for (const auto& o : batch.outbox) {
    if (auto ok = check_outbox(o); !ok) return tl::unexpected(ok.error());
  }
  std::vector<std::int64_t> ids;
  auto ok = in_transaction([&]() -> Result<void> {
    ids.clear();
    for (const auto& a : batch.alerts) {
      if (auto w = write_alert(a); !w) return w;
    }
    for (const auto& o : batch.outbox) {
      auto id = enqueue(o);
      if (!id) return tl::unexpected(id.error());
      ids.push_back(*id);
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return ids;
}

Result<std::vector<OutboxRow>> SqlMonitorStore::due(std::int64_t now_ms, std::size_t limit) {
  const SqlValue params[] = {now_ms, clamp_limit(limit)};
  auto rows = read_rows(std::string(kOutboxColumns) +
                            "WHERE state = 'pending' AND next_attempt_ms <= ? "
                            "ORDER BY created_ms, id LIMIT ?",
                        params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<OutboxRow> out;
  for (const auto& r : *rows) out.push_back(outbox_from_row(r));
  return out;
}

Result<void> SqlMonitorStore::update_pending(std::int64_t id, std::string_view sql,
                                             std::span<const SqlValue> params,
                                             std::string_view doing) {
  return in_transaction([&]() -> Result<void> {
    // The UPDATE itself moves only a pending row (`sql` ends in "AND state = 'pending'"), so two
    // deliverers racing on one row cannot both move it.
    auto changed = db_->execute(sql, params);
    if (!changed) return tl::unexpected(changed.error());
    if (*changed == 1) return {};
    const SqlValue key[] = {id};
    auto state = query_value(*db_, "SELECT state FROM monitor_outbox WHERE id = ?", key);
    if (!state) return tl::unexpected(state.error());
    if (is_null(*state)) {
      return fail(ErrorCode::not_found, "no outbox row " + std::to_string(id));
    }
    return fail(ErrorCode::invalid_argument, "cannot " + std::string(doing) + " outbox row " +
                                                 std::to_string(id) + ": it is " + as_text(*state) +
                                                 ", not pending");
  });
}

Result<void> SqlMonitorStore::mark_delivered(std::int64_t id, std::int64_t now_ms) {
  const SqlValue params[] = {now_ms, id};
  return update_pending(
      id,
      "UPDATE monitor_outbox SET state = 'delivered', delivered_ms = ? WHERE id = ? "
      "AND state = 'pending'",
      params, "mark delivered");
}

Result<void> SqlMonitorStore::mark_retry(std::int64_t id, std::int64_t next_attempt_ms,
                                         std::string_view error) {
  const SqlValue params[] = {next_attempt_ms, cut_text(error), id};
  return update_pending(id,
                        "UPDATE monitor_outbox SET tries = tries + 1, next_attempt_ms = ?, "
                        "last_error = ? WHERE id = ? AND state = 'pending'",
                        params, "retry");
}

Result<std::int64_t> SqlMonitorStore::pull_retries_forward(std::int64_t now_ms) {
  std::int64_t moved = 0;
  auto ok = in_transaction([&]() -> Result<void> {
    const SqlValue params[] = {now_ms, now_ms};
    auto r = db_->execute(
        "UPDATE monitor_outbox SET next_attempt_ms = ? WHERE state = 'pending' AND "
        "next_attempt_ms > ?",
        params);
    if (!r) return tl::unexpected(r.error());
    moved = *r;
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return moved;
}

Result<void> SqlMonitorStore::mark_dead(std::int64_t id, std::string_view error) {
  const SqlValue params[] = {cut_text(error), id};
  return update_pending(
      id,
      "UPDATE monitor_outbox SET state = 'dead', tries = tries + 1, last_error = ? WHERE id = ? "
      "AND state = 'pending'",
      params, "mark dead");
}

Result<std::vector<OutboxRow>> SqlMonitorStore::list_dead(std::size_t limit) {
  const SqlValue params[] = {clamp_limit(limit)};
  auto rows = read_rows(
      std::string(kOutboxColumns) + "WHERE state = 'dead' ORDER BY created_ms, id LIMIT ?", params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<OutboxRow> out;
  for (const auto& r : *rows) out.push_back(outbox_from_row(r));
  return out;
}

Result<OutboxDepth> SqlMonitorStore::outbox_depth() {
  auto rows = read_rows(
      "SELECT state, COUNT(*) FROM monitor_outbox WHERE state IN ('pending', 'dead') "
      "GROUP BY state",
      {});
  if (!rows) return tl::unexpected(rows.error());
  OutboxDepth d;
  for (const auto& r : *rows) (as_text(r[0]) == "dead" ? d.dead : d.pending) = as_int(r[1]);
  return d;
}

Result<void> SqlMonitorStore::requeue_dead(std::int64_t id, std::int64_t now_ms) {
  const SqlValue params[] = {now_ms, id};
  return in_transaction([&]() -> Result<void> {
    auto r = db_->query(
        "UPDATE monitor_outbox SET state = 'pending', tries = 0, next_attempt_ms = ? "
        "WHERE id = ? AND state = 'dead' RETURNING id",
        params);
    if (!r) return tl::unexpected(r.error());
    if (r->empty()) {
      return fail(ErrorCode::not_found, "no dead letter " + std::to_string(id) + " in the outbox");
    }
    return {};
  });
}

}  // namespace lw::catalog
