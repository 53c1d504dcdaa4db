// Incidents: one per service at a time, with a timeline; remediated only by a rescan the
// catalog holds; MTTD and MTTR per asset from the stored times.
#include <algorithm>
#include <array>
#include <map>

#include "catalog/monitor/sql_monitor_store.h"
#include "core/address.h"

namespace lw::catalog {
namespace {

constexpr std::array<std::string_view, 5> kSeverityOrder{"", "low", "medium", "high", "critical"};

std::size_t severity_rank(std::string_view s) {
  return static_cast<std::size_t>(std::find(kSeverityOrder.begin(), kSeverityOrder.end(), s) -
                                  kSeverityOrder.begin());
}

constexpr std::string_view kIncidentColumns =
    "SELECT id, address, port, transport, asset, state, opened_ms, acknowledged_ms, "
    "remediated_ms, closed_ms, reopened_count, alert_ids, severity, last_event_ms, "
    "exposed_since_ms FROM monitor_incidents ";

IncidentRow incident_from_row(const SqlRow& r) {
  IncidentRow i;
  i.id = as_int(r[0]);
  i.address = as_text(r[1]);
  i.port = static_cast<std::uint16_t>(as_int(r[2]));
  i.transport = as_text(r[3]);
  i.asset = as_text(r[4]);
  i.state = as_text(r[5]);
  i.opened_ms = as_int(r[6]);
  i.acknowledged_ms = optional_int(r[7]);
  i.remediated_ms = optional_int(r[8]);
  i.closed_ms = optional_int(r[9]);
  i.reopened_count = as_int(r[10]);
  i.alert_ids = parse_json_column(r[11]);
  if (!i.alert_ids.is_array()) i.alert_ids = nlohmann::json::array();
  i.severity = as_text(r[12]);
  i.last_event_ms = as_int(r[13]);
  i.exposed_since_ms = as_int(r[14]);
  return i;
}

// The service key with its address in the catalog's canonical form (hosts.address).
Result<ServiceRef> canonical(const ServiceRef& s) {
  auto addr = Address::parse(s.address);
  if (!addr) {
    return fail(ErrorCode::invalid_argument,
                "'" + s.address.substr(0, 64) + "' is not an IP address (the service's address)");
  }
  if (auto ok = check_one_of("transport", s.transport, {"tcp", "udp"}); !ok) {
    return tl::unexpected(ok.error());
  }
  return ServiceRef{addr->to_string(), s.port, s.transport};
}

std::string describe(const ServiceRef& s) {
  return s.address + ":" + std::to_string(s.port) + "/" + s.transport;
}

}  // namespace

Result<IncidentRow> SqlMonitorStore::load_incident(std::int64_t id) {
  const SqlValue key[] = {id};
  auto rows = read_rows(std::string(kIncidentColumns) + "WHERE id = ?", key);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return fail(ErrorCode::not_found, "no incident " + std::to_string(id));
  return incident_from_row(rows->front());
}

Result<void> SqlMonitorStore::add_event(std::int64_t incident_id, std::int64_t time_ms,
                                        std::string_view kind, std::string_view actor,
                                        const nlohmann::json& detail) {
  auto text = json_text("incident event detail", detail);
  if (!text) return tl::unexpected(text.error());
  const SqlValue params[] = {incident_id, time_ms, std::string(kind), std::string(actor),
                             std::move(*text)};
  auto r = db_->execute(
      "INSERT INTO monitor_incident_events (incident_id, time_ms, kind, actor, detail) "
      "VALUES (?, ?, ?, ?, ?)",
      params);
  if (!r) return tl::unexpected(r.error());
  const SqlValue touch[] = {time_ms, incident_id};
  auto t = db_->execute("UPDATE monitor_incidents SET last_event_ms = ? WHERE id = ?", touch);
  if (!t) return tl::unexpected(t.error());
  return {};
}

Result<IncidentRow> SqlMonitorStore::open_or_join(const IncidentTrigger& t) {
  auto service = canonical(t.service);
  if (!service) return tl::unexpected(service.error());
  if (auto ok = check_key("incident asset", t.asset, false); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_key("alert id", t.alert_id); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_one_of("severity", t.severity, {"", "low", "medium", "high", "critical"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  const auto exposed = t.exposed_since_ms > 0 ? std::min(t.exposed_since_ms, t.now_ms) : t.now_ms;
  std::int64_t id = 0;
  auto ok = in_transaction([&]() -> Result<void> {
    const SqlValue key[] = {service->address, std::int64_t{service->port}, service->transport};
    // PostgreSQL: the row stays locked until the commit, so a concurrent join cannot lose an
    // alert id (SQLite's BEGIN IMMEDIATE already serialises writers).
    const bool lock = db_->dialect() == Dialect::postgres;
    auto rows = db_->query(std::string(kIncidentColumns) +
                               "WHERE address = ? AND port = ? AND transport = ?" +
                               (lock ? " FOR UPDATE" : ""),
                           key);
    if (!rows) return tl::unexpected(rows.error());
    const nlohmann::json detail{{"alert_id", t.alert_id}, {"severity", t.severity}};
    if (rows->empty()) {
      auto ids = json_text("alert ids", nlohmann::json::array({t.alert_id}));
      if (!ids) return tl::unexpected(ids.error());
      const SqlValue params[] = {service->address,
                                 std::int64_t{service->port},
                                 service->transport,
                                 t.asset,
                                 t.now_ms,
                                 std::move(*ids),
                                 t.severity,
                                 t.now_ms,
                                 exposed};
      auto ins = db_->insert(
          "INSERT INTO monitor_incidents (address, port, transport, asset, state, opened_ms, "
          "reopened_count, alert_ids, severity, last_event_ms, exposed_since_ms) "
          "VALUES (?, ?, ?, ?, 'open', ?, 0, ?, ?, ?, ?)",
          params);
      if (!ins) return tl::unexpected(ins.error());
      id = *ins;
      auto d = detail;
      d["exposed_since_ms"] = exposed;
      return add_event(id, t.now_ms, "opened", "", d);
    }
    auto cur = incident_from_row(rows->front());
    id = cur.id;
    if (std::find(cur.alert_ids.begin(), cur.alert_ids.end(), t.alert_id) == cur.alert_ids.end()) {
      cur.alert_ids.push_back(t.alert_id);
    }
    auto ids = json_text("alert ids", cur.alert_ids);
    if (!ids) return tl::unexpected(ids.error());
    const auto severity =
        severity_rank(t.severity) > severity_rank(cur.severity) ? t.severity : cur.severity;
    if (cur.state == "open" || cur.state == "acknowledged") {
      const SqlValue params[] = {std::move(*ids), severity, id};
      auto up = db_->execute(
          "UPDATE monitor_incidents SET alert_ids = ?, severity = ? WHERE id = ?", params);
      if (!up) return tl::unexpected(up.error());
      return add_event(id, t.now_ms, "alerted", "", detail);
    }
    // Remediated or closed, and exposed again: the same incident reopens.
    const SqlValue params[] = {std::move(*ids), severity, exposed, id};
    auto up = db_->execute(
        "UPDATE monitor_incidents SET state = 'open', acknowledged_ms = NULL, "
        "remediated_ms = NULL, closed_ms = NULL, reopened_count = reopened_count + 1, "
        "alert_ids = ?, severity = ?, exposed_since_ms = ? WHERE id = ?",
        params);
    if (!up) return tl::unexpected(up.error());
    auto d = detail;
    d["exposed_since_ms"] = exposed;
    d["was"] = cur.state;
    return add_event(id, t.now_ms, "reopened", "", d);
  });
  if (!ok) return tl::unexpected(ok.error());
  return load_incident(id);
}

Result<IncidentRow> SqlMonitorStore::transition(std::int64_t id,
                                                std::initializer_list<std::string_view> from,
                                                std::string_view to, std::string_view actor,
                                                std::int64_t now_ms, const nlohmann::json& detail) {
  if (auto ok = check_key("actor", actor, false); !ok) return tl::unexpected(ok.error());
  auto ok = in_transaction([&]() -> Result<void> {
    auto cur = load_incident(id);
    if (!cur) return tl::unexpected(cur.error());
    if (std::find(from.begin(), from.end(), cur->state) == from.end()) {
      std::string allowed;
      for (auto f : from) allowed += (allowed.empty() ? "" : " or ") + std::string(f);
      return fail(ErrorCode::invalid_argument, "incident " + std::to_string(id) + " is " +
                                                   cur->state + "; only an " + allowed +
                                                   " incident can become " + std::string(to));
    }
    const std::string column = to == "acknowledged" ? "acknowledged_ms"
                               : to == "remediated" ? "remediated_ms"
                                                    : "closed_ms";
    // Only from the state just read: a concurrent move in between changes no row.
    const SqlValue params[] = {std::string(to), now_ms, id, cur->state};
    auto up = db_->execute(
        "UPDATE monitor_incidents SET state = ?, " + column + " = ? WHERE id = ? AND state = ?",
        params);
    if (!up) return tl::unexpected(up.error());
    if (*up != 1) {
      return fail(ErrorCode::database, "incident " + std::to_string(id) +
                                           " changed while it was being made " + std::string(to));
    }
    return add_event(id, now_ms, to, actor, detail);
  });
  if (!ok) return tl::unexpected(ok.error());
  return load_incident(id);
}

namespace {

// The detail of a timeline event a person made: their comment, if any.
Result<nlohmann::json> comment_detail(std::string_view comment) {
  if (auto ok = check_text("comment", comment); !ok) return tl::unexpected(ok.error());
  nlohmann::json detail = nlohmann::json::object();
  if (!comment.empty()) detail["comment"] = std::string(comment);
  return detail;
}

}  // namespace

Result<IncidentRow> SqlMonitorStore::acknowledge(std::int64_t id, std::string_view actor,
                                                 std::string_view comment, std::int64_t now_ms) {
  auto detail = comment_detail(comment);
  if (!detail) return tl::unexpected(detail.error());
  return transition(id, {"open"}, "acknowledged", actor, now_ms, *detail);
}

Result<IncidentRow> SqlMonitorStore::close_incident(std::int64_t id, std::string_view actor,
                                                    std::string_view comment, std::int64_t now_ms) {
  auto detail = comment_detail(comment);
  if (!detail) return tl::unexpected(detail.error());
  return transition(id, {"open", "acknowledged", "remediated"}, "closed", actor, now_ms, *detail);
}

Result<IncidentRow> SqlMonitorStore::mark_remediated_by_rescan(const ServiceRef& key,
                                                               std::string_view scan_id,
                                                               std::int64_t now_ms) {
  auto service = canonical(key);
  if (!service) return tl::unexpected(service.error());
  if (auto ok = check_key("scan id", scan_id); !ok) return tl::unexpected(ok.error());
  const SqlValue params[] = {service->address, std::int64_t{service->port}, service->transport};
  auto open = read_value(
      "SELECT MAX(id) FROM monitor_incidents WHERE address = ? AND port = ? "
      "AND transport = ? AND state IN ('open', 'acknowledged')",
      params);
  if (!open) return tl::unexpected(open.error());
  if (is_null(*open)) {
    return fail(ErrorCode::not_found, "no open incident for " + describe(*service));
  }
  // The proof: the rescan's own observation of the service, and the service's state after it.
  const SqlValue proof_key[] = {service->address, std::int64_t{service->port}, service->transport,
                                std::string(scan_id)};
  auto proof = read_rows(
      "SELECT o.verdict, s.open_since_ms, o.outcome FROM observations o "
      "JOIN services s ON s.id = o.service_id JOIN hosts h ON h.id = s.host_id "
      "WHERE h.address = ? AND s.port = ? AND s.transport = ? AND o.scan_id = ? "
      "ORDER BY o.id DESC LIMIT 1",
      proof_key);
  if (!proof) return tl::unexpected(proof.error());
  if (proof->empty()) {
    return fail(ErrorCode::invalid_argument, "scan '" + std::string(scan_id) +
                                                 "' did not observe " + describe(*service) +
                                                 ": nothing proves it closed");
  }
  const auto& row = proof->front();
  if (as_text(row[0]) == "open" || !is_null(row[1])) {
    return fail(ErrorCode::invalid_argument,
                "scan '" + std::string(scan_id) + "' found " + describe(*service) + " still open");
  }
  return transition(as_int(*open), {"open", "acknowledged"}, "remediated", "rescan", now_ms,
                    {{"scan_id", std::string(scan_id)},
                     {"verdict", as_text(row[0])},
                     {"outcome", as_text(row[2])}});
}

Result<IncidentRow> SqlMonitorStore::get_incident(std::int64_t id) {
  auto inc = load_incident(id);
  if (!inc) return inc;
  const SqlValue params[] = {id, static_cast<std::int64_t>(kMaxListLimit)};
  auto rows = read_rows(
      "SELECT incident_id, time_ms, kind, actor, detail FROM monitor_incident_events "
      "WHERE incident_id = ? ORDER BY id LIMIT ?",
      params);
  if (!rows) return tl::unexpected(rows.error());
  for (const auto& r : *rows) {
    inc->timeline.push_back(IncidentEventRow{as_int(r[0]), as_int(r[1]), as_text(r[2]),
                                             as_text(r[3]), parse_json_column(r[4])});
  }
  return inc;
}

Result<std::vector<IncidentRow>> SqlMonitorStore::list_incidents(const IncidentFilter& f) {
  if (auto ok = check_one_of("incident state", f.state,
                             {"", "open", "acknowledged", "remediated", "closed"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  const SqlValue params[] = {f.state, f.state, f.asset, f.asset, clamp_limit(f.limit)};
  auto rows = read_rows(std::string(kIncidentColumns) +
                            "WHERE (? = '' OR state = ?) AND (? = '' OR asset = ?) "
                            "ORDER BY id DESC LIMIT ?",
                        params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<IncidentRow> out;
  for (const auto& r : *rows) out.push_back(incident_from_row(r));
  return out;
}

Result<std::vector<AssetMetrics>> SqlMonitorStore::asset_metrics(std::int64_t since_ms,
                                                                 std::int64_t until_ms,
                                                                 std::size_t max_events) {
  const auto cap = std::min(max_events, std::size_t{1'000'000});
  const SqlValue params[] = {since_ms, until_ms, static_cast<std::int64_t>(cap) + 1};
  struct Sums {
    AssetMetrics m;
    std::int64_t detect_total = 0;
    std::int64_t repair_total = 0;
  };
  std::map<std::string, Sums> by_asset;
  // The exposure being followed: its incident, opening time and asset.
  std::int64_t incident = -1;
  bool following = false;  // an exposure of `incident` is open
  std::int64_t opened = 0;
  std::string asset;
  auto rows = read_rows(
      "SELECT e.incident_id, i.asset, e.time_ms, e.kind, e.detail "
      "FROM monitor_incident_events e JOIN monitor_incidents i ON i.id = e.incident_id "
      "WHERE e.kind IN ('opened', 'reopened', 'remediated') AND e.incident_id IN "
      "(SELECT incident_id FROM monitor_incident_events WHERE kind IN ('opened', 'reopened') "
      "AND time_ms >= ? AND time_ms < ?) ORDER BY e.incident_id, e.id LIMIT ?",
      params);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->size() > cap) {
    return fail(ErrorCode::too_large,
                "more than " + std::to_string(cap) + " incident events in the window; narrow it");
  }
  for (const auto& r : *rows) {
    const auto id = as_int(r[0]);
    const auto time = as_int(r[2]);
    const auto kind = as_text(r[3]);
    if (id != incident) {
      incident = id;
      following = false;
    }
    if (kind == "remediated") {
      if (following) {
        auto& s = by_asset[asset];
        s.m.remediated += 1;
        s.repair_total += time - opened;
        s.m.max_exposure_ms = std::max(s.m.max_exposure_ms, time - opened);
      }
      following = false;
      continue;
    }
    if (time < since_ms || time >= until_ms) continue;  // an exposure outside the window
    const auto detail = parse_json_column(r[4]);
    const auto exposed = detail.is_object() ? detail.value("exposed_since_ms", time) : time;
    asset = as_text(r[1]);
    auto& s = by_asset[asset];
    s.m.exposures += 1;
    s.detect_total += std::max<std::int64_t>(0, time - exposed);
    opened = time;
    following = true;
  }
  std::vector<AssetMetrics> out;
  for (auto& [name, s] : by_asset) {
    s.m.asset = name;
    if (s.m.exposures > 0) s.m.mttd_ms = s.detect_total / s.m.exposures;
    if (s.m.remediated > 0) s.m.mttr_ms = s.repair_total / s.m.remediated;
    out.push_back(s.m);
  }
  return out;
}

}  // namespace lw::catalog
