// Reads of the catalog: hosts, histories, events, export streams, retention and tags.
#include <algorithm>

#include "catalog/record_json.h"
#include "catalog/sql_store.h"
#include "core/address.h"

namespace lw::catalog {
namespace {

constexpr std::int64_t kPage = 1000;

constexpr std::string_view kServiceSelect =
    "SELECT s.id, h.address, h.names, s.port, s.transport, s.protocol, s.product, s.version, "
    "s.verdict, s.outcome, s.severity, s.sensitivity, s.data_bytes, s.record_count, s.reachable, "
    "s.first_seen_ms, s.last_seen_ms, s.open_since_ms, s.observations, s.host_id "
    "FROM services s JOIN hosts h ON h.id = s.host_id ";

constexpr std::string_view kEventSelect =
    "SELECT e.id, h.address, s.port, s.transport, e.kind, e.time_ms, e.scan_id, "
    "e.observation_id, e.detail FROM events e JOIN services s ON s.id = e.service_id "
    "JOIN hosts h ON h.id = s.host_id ";

constexpr std::string_view kObservationSelect =
    "SELECT o.id, h.address, s.port, s.transport, o.scan_id, o.time_ms, o.verdict, o.outcome, "
    "o.product, o.version, o.severity, o.sensitivity, o.data_bytes, o.record_count, "
    "o.categories, o.record_json FROM observations o JOIN services s ON s.id = o.service_id "
    "JOIN hosts h ON h.id = s.host_id ";

std::vector<std::string> strings_of(const std::string& text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

std::optional<std::uint64_t> opt_u64(const SqlValue& v) {
  if (is_null(v)) return std::nullopt;
  return static_cast<std::uint64_t>(as_int(v));
}

ServiceRow service_from(const SqlRow& r) {
  ServiceRow s;
  s.id = as_int(r[0]);
  s.address = as_text(r[1]);
  s.names = strings_of(as_text(r[2]));
  s.port = static_cast<std::uint16_t>(as_int(r[3]));
  s.transport = as_text(r[4]);
  s.protocol = as_text(r[5]);
  s.product = as_text(r[6]);
  s.version = as_text(r[7]);
  s.verdict = as_text(r[8]);
  s.outcome = as_text(r[9]);
  s.severity = as_text(r[10]);
  s.sensitivity = static_cast<int>(as_int(r[11]));
  s.data_bytes = opt_u64(r[12]);
  s.record_count = opt_u64(r[13]);
  s.reachable = as_int(r[14]) != 0;
  s.first_seen_ms = as_int(r[15]);
  s.last_seen_ms = as_int(r[16]);
  if (!is_null(r[17])) s.open_since_ms = as_int(r[17]);
  s.observations = as_int(r[18]);
  return s;
}

EventRow event_from(const SqlRow& r) {
  EventRow e;
  e.id = as_int(r[0]);
  e.address = as_text(r[1]);
  e.port = static_cast<std::uint16_t>(as_int(r[2]));
  e.transport = as_text(r[3]);
  e.kind = as_text(r[4]);
  e.time_ms = as_int(r[5]);
  e.scan_id = as_text(r[6]);
  e.observation_id = as_int(r[7]);
  e.detail = nlohmann::json::parse(as_text(r[8]), nullptr, false);
  if (e.detail.is_discarded()) e.detail = nlohmann::json::object();
  return e;
}

ObservationRow observation_from(const SqlRow& r) {
  ObservationRow o;
  o.id = as_int(r[0]);
  o.address = as_text(r[1]);
  o.port = static_cast<std::uint16_t>(as_int(r[2]));
  o.transport = as_text(r[3]);
  o.scan_id = as_text(r[4]);
  o.time_ms = as_int(r[5]);
  o.verdict = as_text(r[6]);
  o.outcome = as_text(r[7]);
  o.product = as_text(r[8]);
  o.version = as_text(r[9]);
  o.severity = as_text(r[10]);
  o.sensitivity = static_cast<int>(as_int(r[11]));
  o.data_bytes = opt_u64(r[12]);
  o.record_count = opt_u64(r[13]);
  o.categories = strings_of(as_text(r[14]));
  o.record = nlohmann::json::parse(as_text(r[15]), nullptr, false);
  complete_record_json(
      o.record,
      StoredColumns{o.scan_id, o.time_ms, o.address, o.port, o.transport, o.outcome, o.verdict,
                    o.product, o.version, o.severity, o.sensitivity, o.data_bytes, o.record_count});
  return o;
}

Result<std::string> normal_address(std::string_view text) {
  auto a = Address::parse(text);
  if (!a) {
    return fail(ErrorCode::invalid_argument, "not an IP address: '" + std::string(text) + "'");
  }
  return a->to_string();
}

bool valid_tag(const std::string& t) {
  if (t.empty() || t.size() > 64) return false;
  return std::all_of(t.begin(), t.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == ':';
  });
}

}  // namespace

Result<void> SqlStore::fill_service_lists(ServiceRow& s, std::int64_t host_id) {
  const SqlValue sid[] = {s.id};
  auto cats = db_->query(
      "SELECT category FROM service_categories WHERE service_id = ? ORDER BY category", sid);
  if (!cats) return tl::unexpected(cats.error());
  for (const auto& c : *cats) s.categories.push_back(as_text(c[0]));
  const SqlValue hid[] = {host_id};
  auto tags = db_->query("SELECT tag FROM host_tags WHERE host_id = ? ORDER BY tag", hid);
  if (!tags) return tl::unexpected(tags.error());
  for (const auto& t : *tags) s.tags.push_back(as_text(t[0]));
  return {};
}

Result<std::vector<ServiceRow>> SqlStore::load_services(std::string_view where_sql,
                                                        std::span<const SqlValue> params) {
  auto rows = db_->query(std::string(kServiceSelect) + std::string(where_sql), params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<ServiceRow> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    auto s = service_from(r);
    if (auto ok = fill_service_lists(s, as_int(r[19])); !ok) return tl::unexpected(ok.error());
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<EventRow>> SqlStore::load_events(std::string_view where_sql,
                                                    std::span<const SqlValue> params) {
  auto rows = db_->query(std::string(kEventSelect) + std::string(where_sql), params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<EventRow> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(event_from(r));
  return out;
}

Result<std::optional<HostReport>> SqlStore::host(std::string_view address) {
  auto addr = normal_address(address);
  if (!addr) return tl::unexpected(addr.error());
  const SqlValue key[] = {*addr};
  auto rows = db_->query(
      "SELECT h.id, h.address, h.names, h.cert_names, MIN(s.first_seen_ms), "
      "MAX(s.last_seen_ms) FROM hosts h LEFT JOIN services s ON s.host_id = h.id "
      "WHERE h.address = ? GROUP BY h.id, h.address, h.names, h.cert_names",
      key);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<HostReport>{};
  const auto& r = rows->front();
  HostReport h;
  const SqlValue hid[] = {as_int(r[0])};
  h.address = as_text(r[1]);
  h.names = strings_of(as_text(r[2]));
  h.cert_names = strings_of(as_text(r[3]));
  h.first_seen_ms = as_int(r[4]);
  h.last_seen_ms = as_int(r[5]);
  auto tags = db_->query("SELECT tag FROM host_tags WHERE host_id = ? ORDER BY tag", hid);
  if (!tags) return tl::unexpected(tags.error());
  for (const auto& t : *tags) h.tags.push_back(as_text(t[0]));
  auto services = load_services("WHERE s.host_id = ? ORDER BY s.port, s.transport", hid);
  if (!services) return tl::unexpected(services.error());
  h.services = std::move(*services);
  auto timeline = load_events("WHERE s.host_id = ? ORDER BY e.time_ms, e.id LIMIT 10000", hid);
  if (!timeline) return tl::unexpected(timeline.error());
  h.timeline = std::move(*timeline);
  return std::optional<HostReport>(std::move(h));
}

Result<std::vector<ObservationRow>> SqlStore::history(std::string_view address,
                                                      std::uint16_t port) {
  auto addr = normal_address(address);
  if (!addr) return tl::unexpected(addr.error());
  const SqlValue params[] = {*addr, std::int64_t{port}};
  auto rows = db_->query(std::string(kObservationSelect) +
                             "WHERE h.address = ? AND s.port = ? ORDER BY o.time_ms, o.id "
                             "LIMIT 100000",
                         params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<ObservationRow> out;
  for (const auto& r : *rows) out.push_back(observation_from(r));
  return out;
}

Result<std::vector<ObservationRow>> SqlStore::latest_observations(std::string_view address,
                                                                  std::uint16_t port,
                                                                  std::string_view transport,
                                                                  std::size_t count) {
  auto addr = normal_address(address);
  if (!addr) return tl::unexpected(addr.error());
  const SqlValue params[] = {*addr, std::int64_t{port}, std::string(transport),
                             static_cast<std::int64_t>(std::min<std::size_t>(count, 16))};
  auto rows = db_->query(std::string(kObservationSelect) +
                             "WHERE h.address = ? AND s.port = ? AND s.transport = ? "
                             "ORDER BY o.id DESC LIMIT ?",
                         params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<ObservationRow> out;
  for (const auto& r : *rows) out.push_back(observation_from(r));
  return out;
}

Result<std::vector<EventRow>> SqlStore::events(std::int64_t since_ms, std::size_t limit) {
  const SqlValue params[] = {since_ms, static_cast<std::int64_t>(limit)};
  return load_events("WHERE e.time_ms >= ? ORDER BY e.time_ms, e.id LIMIT ?", params);
}

Result<std::vector<EventRow>> SqlStore::events_after(std::int64_t after_id, std::size_t limit) {
  const SqlValue params[] = {after_id, static_cast<std::int64_t>(limit)};
  return load_events("WHERE e.id > ? ORDER BY e.id LIMIT ?", params);
}

Result<std::optional<ServiceRow>> SqlStore::service(std::int64_t id) {
  const SqlValue params[] = {id};
  auto rows = load_services("WHERE s.id = ?", params);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<ServiceRow>{};
  return std::optional<ServiceRow>(std::move(rows->front()));
}

Result<void> SqlStore::each_service(const std::function<bool(const ServiceRow&)>& fn) {
  for (std::int64_t after = 0;;) {
    const SqlValue params[] = {after, kPage};
    auto page = load_services("WHERE s.id > ? ORDER BY s.id LIMIT ?", params);
    if (!page) return tl::unexpected(page.error());
    for (const auto& s : *page) {
      if (!fn(s)) return {};
      after = s.id;
    }
    if (static_cast<std::int64_t>(page->size()) < kPage) return {};
  }
}

Result<void> SqlStore::each_observation(const std::function<bool(const ObservationRow&)>& fn) {
  for (std::int64_t after = 0;;) {
    const SqlValue params[] = {after, kPage};
    auto rows = db_->query(std::string(kObservationSelect) + "WHERE o.id > ? ORDER BY o.id LIMIT ?",
                           params);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& r : *rows) {
      auto o = observation_from(r);
      if (!fn(o)) return {};
      after = o.id;
    }
    if (static_cast<std::int64_t>(rows->size()) < kPage) return {};
  }
}

Result<void> SqlStore::each_event(const std::function<bool(const EventRow&)>& fn) {
  for (std::int64_t after = 0;;) {
    const SqlValue params[] = {after, kPage};
    auto page = load_events("WHERE e.id > ? ORDER BY e.id LIMIT ?", params);
    if (!page) return tl::unexpected(page.error());
    for (const auto& e : *page) {
      if (!fn(e)) return {};
      after = e.id;
    }
    if (static_cast<std::int64_t>(page->size()) < kPage) return {};
  }
}

Result<PruneResult> SqlStore::prune(std::int64_t before_ms) {
  // An observation goes only when it is old and has both an earlier and a later one: the
  // first and the last of every service stay, and events are never touched.
  static constexpr std::string_view kDoomed =
      "FROM observations WHERE time_ms < ? "
      "AND id NOT IN (SELECT last_observation_id FROM services "
      "WHERE last_observation_id IS NOT NULL) "
      "AND EXISTS (SELECT 1 FROM observations o2 WHERE o2.service_id = observations.service_id "
      "AND (o2.time_ms < observations.time_ms OR (o2.time_ms = observations.time_ms "
      "AND o2.id < observations.id))) "
      "AND EXISTS (SELECT 1 FROM observations o3 WHERE o3.service_id = observations.service_id "
      "AND (o3.time_ms > observations.time_ms OR (o3.time_ms = observations.time_ms "
      "AND o3.id > observations.id)))";
  PruneResult out;
  const SqlValue params[] = {before_ms};
  auto ok = in_transaction(
      [&]() -> Result<void> {
        auto n = query_value(*db_, "SELECT COUNT(*) " + std::string(kDoomed), params);
        if (!n) return tl::unexpected(n.error());
        out.observations_deleted = as_int(*n);
        auto del = db_->query("DELETE " + std::string(kDoomed), params);
        if (!del) return tl::unexpected(del.error());
        auto left = query_value(*db_, "SELECT COUNT(*) FROM observations", {});
        if (!left) return tl::unexpected(left.error());
        out.observations_kept = as_int(*left);
        return {};
      },
      [] { return Result<bool>(false); });
  if (!ok) return tl::unexpected(ok.error());
  return out;
}

Result<void> SqlStore::tag_host(std::string_view address, const std::vector<std::string>& add,
                                const std::vector<std::string>& remove) {
  auto addr = normal_address(address);
  if (!addr) return tl::unexpected(addr.error());
  for (const auto& t : add) {
    if (!valid_tag(t)) {
      return fail(ErrorCode::invalid_argument,
                  "a tag is 1 to 64 characters of letters, digits and - _ . :", t);
    }
  }
  return in_transaction(
      [&]() -> Result<void> {
        const SqlValue key[] = {*addr};
        auto id = query_value(*db_, "SELECT id FROM hosts WHERE address = ?", key);
        if (!id) return tl::unexpected(id.error());
        if (is_null(*id)) return fail(ErrorCode::not_found, "no host " + *addr + " in the catalog");
        for (const auto& t : add) {
          const SqlValue p[] = {*id, t};
          auto r = db_->query(
              "INSERT INTO host_tags (host_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING", p);
          if (!r) return tl::unexpected(r.error());
        }
        for (const auto& t : remove) {
          const SqlValue p[] = {*id, t};
          auto r = db_->query("DELETE FROM host_tags WHERE host_id = ? AND tag = ?", p);
          if (!r) return tl::unexpected(r.error());
        }
        return {};
      },
      [] { return Result<bool>(false); });
}

}  // namespace lw::catalog
