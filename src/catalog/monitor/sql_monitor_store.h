#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "catalog/db.h"
#include "catalog/monitor/monitor_store.h"

namespace lw::catalog {

// Checks of what callers hand the store: one clear invalid_argument error naming the field.
Result<void> check_key(std::string_view field, std::string_view value, bool required = true);
Result<void> check_text(std::string_view field, std::string_view value);
Result<std::string> json_text(std::string_view field, const nlohmann::json& value);
Result<void> check_one_of(std::string_view field, std::string_view value,
                          std::initializer_list<std::string_view> allowed);
nlohmann::json parse_json_column(const SqlValue&);
std::optional<std::int64_t> optional_int(const SqlValue&);
SqlValue optional_value(const std::optional<std::int64_t>&);
std::int64_t clamp_limit(std::size_t limit) noexcept;
std::string cut_text(std::string_view text);

// MonitorStore over the Db interface: SQLite and PostgreSQL differ only below it.
class SqlMonitorStore final : public MonitorStore {
 public:
  explicit SqlMonitorStore(std::unique_ptr<Db> db) : db_(std::move(db)) {}

  Result<void> upsert_alert(const AlertRow&) override;
  Result<std::optional<AlertRow>> get_alert(std::string_view id) override;
  Result<std::vector<AlertRow>> list_alerts(const AlertFilter&) override;
  Result<void> resolve_alert(std::string_view id, std::int64_t now_ms) override;

  Result<std::vector<std::int64_t>> record_notification(const NotificationBatch&) override;
  Result<std::vector<OutboxRow>> due(std::int64_t now_ms, std::size_t limit) override;
  Result<void> mark_delivered(std::int64_t id, std::int64_t now_ms) override;
  Result<void> mark_retry(std::int64_t id, std::int64_t next_attempt_ms,
                          std::string_view error) override;
  Result<std::int64_t> pull_retries_forward(std::int64_t now_ms) override;
  Result<void> mark_dead(std::int64_t id, std::string_view error) override;
  Result<std::vector<OutboxRow>> list_dead(std::size_t limit) override;
  Result<OutboxDepth> outbox_depth() override;
  Result<void> requeue_dead(std::int64_t id, std::int64_t now_ms) override;

  Result<IncidentRow> open_or_join(const IncidentTrigger&) override;
  Result<IncidentRow> acknowledge(std::int64_t id, std::string_view actor, std::string_view comment,
                                  std::int64_t now_ms) override;
  Result<IncidentRow> mark_remediated_by_rescan(const ServiceRef&, std::string_view scan_id,
                                                std::int64_t now_ms) override;
  Result<IncidentRow> close_incident(std::int64_t id, std::string_view actor,
                                     std::string_view comment, std::int64_t now_ms) override;
  Result<IncidentRow> get_incident(std::int64_t id) override;
  Result<std::vector<IncidentRow>> list_incidents(const IncidentFilter&) override;
  Result<std::vector<AssetMetrics>> asset_metrics(std::int64_t since_ms, std::int64_t until_ms,
                                                  std::size_t max_events) override;

  Result<std::int64_t> add_silence(const SilenceRow&) override;
  Result<std::vector<SilenceRow>> list_silences(bool include_expired, std::int64_t now_ms,
                                                std::size_t limit) override;
  Result<void> expire_silence(std::int64_t id, std::int64_t now_ms) override;
  Result<std::vector<SilenceRow>> active_silences(std::int64_t now_ms, std::size_t limit) override;

  Result<std::optional<AssetScheduleRow>> get_schedule(std::string_view asset) override;
  Result<void> put_schedule(const AssetScheduleRow&) override;
  Result<std::int64_t> enqueue_rescan(std::string_view target, std::string_view reason,
                                      std::int64_t requested_ms) override;
  Result<std::vector<RescanRow>> take_rescans(std::size_t limit, std::int64_t now_ms) override;
  Result<std::int64_t> pending_rescans() override;
  Result<void> finish_rescan(std::int64_t id) override;
  Result<std::int64_t> requeue_unfinished_rescans() override;

  Result<std::int64_t> get_cursor(std::string_view name) override;
  Result<void> put_cursor(std::string_view name, std::int64_t value) override;

 private:
  // Runs `body` in one transaction. When the connection was lost before the commit (nothing
  // can have landed) it reconnects and runs `body` once more; a commit lost in flight is
  // reported, and the writes callers repeat are idempotent (upserts, keyed enqueues).
  Result<void> in_transaction(const std::function<Result<void>()>& body);
  // A read. Outside a transaction, one that failed because the connection was lost (a
  // PostgreSQL restart) reconnects and runs once more: a read is safe to repeat, and the
  // monitor's polling reads recover without waiting for a write.
  Result<std::vector<SqlRow>> read_rows(std::string_view sql, std::span<const SqlValue> params);
  // The first column of the first row, or null.
  Result<SqlValue> read_value(std::string_view sql, std::span<const SqlValue> params);
  Result<void> write_alert(const AlertRow&);
  Result<std::int64_t> enqueue(const OutboxRow&);
  // Moves a pending outbox row with `sql` (an UPDATE that changes only a pending row); not_found
  // or a refusal naming its state otherwise.
  Result<void> update_pending(std::int64_t id, std::string_view sql,
                              std::span<const SqlValue> params, std::string_view doing);
  Result<IncidentRow> load_incident(std::int64_t id);
  Result<void> add_event(std::int64_t incident_id, std::int64_t time_ms, std::string_view kind,
                         std::string_view actor, const nlohmann::json& detail);
  // Moves incident `id` from one of `from` to `to`, recording the event.
  Result<IncidentRow> transition(std::int64_t id, std::initializer_list<std::string_view> from,
                                 std::string_view to, std::string_view actor, std::int64_t now_ms,
                                 const nlohmann::json& detail);
  Result<std::vector<SilenceRow>> load_silences(std::string_view where,
                                                std::span<const SqlValue> params);

  std::unique_ptr<Db> db_;
  bool in_transaction_ = false;  // a lost connection inside one is the transaction's to handle
};

}  // namespace lw::catalog
