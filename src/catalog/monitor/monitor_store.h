#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "core/result.h"

// The durable state of `leakwatch serve` (docs/catalog.md, "Monitor state"): alerts, the
// notification outbox, incidents with their timeline, silences, the scheduler's state and the
// monitor's event cursors. Every time is milliseconds since the epoch passed in by the caller;
// the store reads no clock. Every write is one transaction; every list takes a limit (at most
// kMaxListLimit rows).
namespace lw::catalog {

inline constexpr std::size_t kMaxListLimit = 10'000;
// Identifiers, names and keys (alert ids, channels, idempotency keys, assets, actors, targets).
inline constexpr std::size_t kMaxKeyBytes = 512;
// Free text (comments, reasons, sweep cursors); a delivery error longer than this is cut.
inline constexpr std::size_t kMaxTextBytes = 8192;
// A JSON document (an alert's payload, a notification body), serialised.
inline constexpr std::size_t kMaxJsonBytes = 1 << 20;

// A service: the incident key, and "address:port" in silences.
struct ServiceRef {
  std::string address;
  std::uint16_t port = 0;
  std::string transport = "tcp";
};

// One alert per (service, rule): `id` is computed by the caller and stable across scans.
struct AlertRow {
  std::string id;
  std::string rule;
  std::string address;
  std::uint16_t port = 0;
  std::string transport = "tcp";
  std::string asset;
  std::string state = "firing";  // firing | resolved
  std::int64_t first_seen_ms = 0;
  std::int64_t last_fired_ms = 0;
  std::optional<std::int64_t> last_notified_ms;
  std::optional<std::int64_t> resolved_ms;
  std::string content_hash;  // what was last notified: no repeat while nothing changed
  nlohmann::json payload = nlohmann::json::object();
};

struct AlertFilter {
  std::string state;  // "" any
  std::string asset;  // "" any
  std::size_t limit = 100;
};

// A notification waiting for, or done with, delivery to one channel.
struct OutboxRow {
  std::int64_t id = 0;  // assigned by the store
  std::string channel;
  std::string idempotency_key;  // unique per channel
  nlohmann::json alert_ids = nlohmann::json::array();
  nlohmann::json body = nlohmann::json::object();
  std::string state = "pending";  // pending | delivered | dead
  std::int64_t tries = 0;
  std::int64_t next_attempt_ms = 0;
  std::string last_error;
  std::int64_t created_ms = 0;
  std::optional<std::int64_t> delivered_ms;
};

// What one evaluation decided to notify: the alerts' new state and the outbox rows, written in
// one transaction, so an alert is never marked notified without its notification queued.
struct NotificationBatch {
  std::vector<AlertRow> alerts;
  std::vector<OutboxRow> outbox;
};

struct OutboxDepth {
  std::int64_t pending = 0;
  std::int64_t dead = 0;
};

struct IncidentEventRow {
  std::int64_t incident_id = 0;
  std::int64_t time_ms = 0;
  std::string kind;  // opened, alerted, acknowledged, remediated, closed, reopened
  std::string actor;
  nlohmann::json detail = nlohmann::json::object();
};

struct IncidentRow {
  std::int64_t id = 0;
  std::string address;
  std::uint16_t port = 0;
  std::string transport;
  std::string asset;
  std::string state;  // open | acknowledged | remediated | closed
  std::int64_t opened_ms = 0;
  std::optional<std::int64_t> acknowledged_ms;
  std::optional<std::int64_t> remediated_ms;
  std::optional<std::int64_t> closed_ms;
  std::int64_t reopened_count = 0;
  nlohmann::json alert_ids = nlohmann::json::array();
  std::string severity;  // the highest an alert of the incident carried
  std::int64_t last_event_ms = 0;
  std::int64_t exposed_since_ms = 0;       // when the current exposure was first seen open
  std::vector<IncidentEventRow> timeline;  // filled by get_incident only
};

// An alert for a service opens its incident, or joins it.
struct IncidentTrigger {
  ServiceRef service;
  std::string asset;
  std::string alert_id;
  std::string severity;               // "", low, medium, high, critical
  std::int64_t exposed_since_ms = 0;  // first seen open; 0: now_ms
  std::int64_t now_ms = 0;
};

struct IncidentFilter {
  std::string state;  // "" any
  std::string asset;  // "" any
  std::size_t limit = 100;
};

// Per asset, over the exposures (an incident's opening or reopening) that began in a window.
// MTTD: first seen open -> alerted (the exposure's opened/reopened event). MTTR: alerted ->
// remediated by rescan, over the exposures that were remediated.
struct AssetMetrics {
  std::string asset;
  std::int64_t exposures = 0;
  std::int64_t remediated = 0;
  std::int64_t mttd_ms = 0;          // mean
  std::int64_t mttr_ms = 0;          // mean over the remediated ones
  std::int64_t max_exposure_ms = 0;  // longest opened -> remediated window
};

struct SilenceRow {
  std::int64_t id = 0;  // assigned by the store
  std::string asset;    // "" any
  std::string service;  // "" any, or "address:port"
  std::string rule;     // "" any
  std::int64_t created_ms = 0;
  std::int64_t expires_ms = 0;
  std::string author;
  std::string comment;
};

struct AssetScheduleRow {
  std::string asset;
  std::int64_t last_sweep_started_ms = 0;
  std::int64_t last_sweep_done_ms = 0;
  std::string sweep_cursor;  // opaque to the store
};

struct RescanRow {
  std::int64_t id = 0;
  std::string target;
  std::string reason;
  std::int64_t requested_ms = 0;
  std::optional<std::int64_t> taken_ms;
};

class MonitorStore {
 public:
  virtual ~MonitorStore() = default;

  // Alerts. upsert keeps the earliest first_seen_ms of a known alert.
  virtual Result<void> upsert_alert(const AlertRow&) = 0;
  virtual Result<std::optional<AlertRow>> get_alert(std::string_view id) = 0;
  virtual Result<std::vector<AlertRow>> list_alerts(const AlertFilter&) = 0;
  virtual Result<void> resolve_alert(std::string_view id, std::int64_t now_ms) = 0;

  // Outbox. record_notification upserts the alerts and enqueues the rows together; a row whose
  // (channel, idempotency_key) is already queued is not queued again. Returns the outbox ids,
  // in the order of batch.outbox (the existing id for a repeated key).
  virtual Result<std::vector<std::int64_t>> record_notification(const NotificationBatch&) = 0;
  // Pending rows whose next attempt is due, oldest first.
  virtual Result<std::vector<OutboxRow>> due(std::int64_t now_ms, std::size_t limit) = 0;
  virtual Result<void> mark_delivered(std::int64_t id, std::int64_t now_ms) = 0;
  // A failed attempt: tries + 1, the next attempt at `next_attempt_ms`.
  virtual Result<void> mark_retry(std::int64_t id, std::int64_t next_attempt_ms,
                                  std::string_view error) = 0;
  // After the wall clock stepped back: every pending notification due after `now_ms` becomes due
  // now (its retry was timed on the old clock); returns how many.
  virtual Result<std::int64_t> pull_retries_forward(std::int64_t now_ms) = 0;
  // The last failed attempt (tries + 1): a dead letter, kept for the CLI.
  virtual Result<void> mark_dead(std::int64_t id, std::string_view error) = 0;
  virtual Result<std::vector<OutboxRow>> list_dead(std::size_t limit) = 0;
  virtual Result<OutboxDepth> outbox_depth() = 0;
  // A dead letter back to pending, due at `now_ms` with its tries reset.
  virtual Result<void> requeue_dead(std::int64_t id, std::int64_t now_ms) = 0;

  // Incidents. There is no way to set `remediated` other than mark_remediated_by_rescan.
  virtual Result<IncidentRow> open_or_join(const IncidentTrigger&) = 0;
  // `comment` (at most kMaxTextBytes; "" for none) is kept in the timeline event's detail.
  virtual Result<IncidentRow> acknowledge(std::int64_t id, std::string_view actor,
                                          std::string_view comment, std::int64_t now_ms) = 0;
  // The service's open or acknowledged incident becomes remediated, if the catalog holds an
  // observation of the service by `scan_id` that is not open and the service is no longer open
  // (open_since cleared by the ingest). Refused otherwise.
  virtual Result<IncidentRow> mark_remediated_by_rescan(const ServiceRef&, std::string_view scan_id,
                                                        std::int64_t now_ms) = 0;
  virtual Result<IncidentRow> close_incident(std::int64_t id, std::string_view actor,
                                             std::string_view comment, std::int64_t now_ms) = 0;
  // The incident with its timeline (at most kMaxListLimit events, oldest first).
  virtual Result<IncidentRow> get_incident(std::int64_t id) = 0;
  virtual Result<std::vector<IncidentRow>> list_incidents(const IncidentFilter&) = 0;
  // MTTD/MTTR per asset over the exposures that began in [since_ms, until_ms), read from the
  // timelines (at most `max_events` events; beyond that: too_large).
  virtual Result<std::vector<AssetMetrics>> asset_metrics(std::int64_t since_ms,
                                                          std::int64_t until_ms,
                                                          std::size_t max_events) = 0;

  // Silences.
  virtual Result<std::int64_t> add_silence(const SilenceRow&) = 0;
  virtual Result<std::vector<SilenceRow>> list_silences(bool include_expired, std::int64_t now_ms,
                                                        std::size_t limit) = 0;
  virtual Result<void> expire_silence(std::int64_t id, std::int64_t now_ms) = 0;
  virtual Result<std::vector<SilenceRow>> active_silences(std::int64_t now_ms,
                                                          std::size_t limit) = 0;

  // Scheduler state.
  virtual Result<std::optional<AssetScheduleRow>> get_schedule(std::string_view asset) = 0;
  virtual Result<void> put_schedule(const AssetScheduleRow&) = 0;
  // A target already waiting is not queued twice: its id is returned.
  virtual Result<std::int64_t> enqueue_rescan(std::string_view target, std::string_view reason,
                                              std::int64_t requested_ms) = 0;
  // The oldest waiting requests, marked taken at `now_ms`.
  virtual Result<std::vector<RescanRow>> take_rescans(std::size_t limit, std::int64_t now_ms) = 0;
  virtual Result<std::int64_t> pending_rescans() = 0;
  // A taken request whose scan ended (done or failed) leaves the queue.
  virtual Result<void> finish_rescan(std::int64_t id) = 0;
  // Taken requests never finished (the daemon stopped or died during their scan) wait again;
  // returns how many. Called once when the daemon starts, before it takes any.
  virtual Result<std::int64_t> requeue_unfinished_rescans() = 0;

  // The last catalog event id the monitor evaluated, per cursor name (0 when never set).
  virtual Result<std::int64_t> get_cursor(std::string_view name) = 0;
  virtual Result<void> put_cursor(std::string_view name, std::int64_t value) = 0;
};

// Opens its own connection to the catalog at `location` (migrating it like open_catalog), so
// the monitor can run beside a scan's Catalog on another thread.
Result<std::unique_ptr<MonitorStore>> open_monitor_store(std::string_view location,
                                                         const CatalogOptions& options = {});

}  // namespace lw::catalog
