// Ingest of a batch. The records are first planned in memory against the service cache (host
// and service ids, each service's last state, the events), then written with multi-row
// statements: one INSERT per table per few hundred rows, one UPDATE per touched service.
#include <algorithm>
#include <bit>

#include "catalog/events/derive.h"
#include "catalog/ingest/observation_rows.h"
#include "catalog/ingest/row_writer.h"
#include "catalog/sql_store.h"

namespace lw::catalog {
namespace {

bool merge(std::vector<std::string>& into, const std::vector<std::string>& add) {
  bool changed = false;
  for (const auto& a : add) {
    if (a.empty() || std::find(into.begin(), into.end(), a) != into.end()) continue;
    if (into.size() >= 64) break;  // bounded: a host does not need more names than this
    into.push_back(a);
    changed = true;
  }
  return changed;
}

std::vector<std::string> certificate_names(const ServiceRecord& r) {
  std::vector<std::string> out;
  if (!r.tls) return out;
  const auto& subject = r.tls->subject;
  if (auto cn = subject.find("CN="); cn != std::string::npos) {
    auto end = subject.find_first_of(",/", cn + 3);
    out.push_back(subject.substr(cn + 3, end == std::string::npos ? end : end - cn - 3));
  }
  for (const auto& san : r.tls->sans) out.push_back(san);
  return out;
}

SqlValue opt_int(const std::optional<std::uint64_t>& v) {
  if (!v) return std::monostate{};
  return static_cast<std::int64_t>(*v);
}

SqlValue opt_int(const std::optional<std::int64_t>& v) {
  if (!v) return std::monostate{};
  return *v;
}

// The bit width of a size: what services.size_class indexes (see compile.cpp).
SqlValue size_class(const std::optional<std::uint64_t>& bytes) {
  if (!bytes) return std::monostate{};
  return static_cast<std::int64_t>(std::bit_width(*bytes));
}

std::string json_array(const std::vector<std::string>& v) {
  if (v.empty()) return "[]";
  return nlohmann::json(v).dump();
}

// What a batch does to one service.
struct Touched {
  CachedService* service = nullptr;
  bool created = false;
  // The columns before the batch: when none of these changed, a narrow UPDATE suffices.
  std::uint32_t protocol = 0, product = 0, version = 0, verdict = 0, outcome = 0, severity = 0;
  std::int64_t first_seen = 0;
  SqlValue size_class;
  std::optional<std::int64_t> sensitivity;   // from the last reachable observation
  std::optional<std::int64_t> record_count;  // likewise, when it had one
  std::size_t last_observation = 0;
  std::string addr_key;
};

struct TouchedHost {
  CachedHost* host = nullptr;
  bool created = false;
  std::string address;
  std::string addr_key;
  std::int64_t time_ms = 0;
};

struct PendingEvent {
  std::size_t observation;
  const CachedService* service;
  std::int64_t time_ms;
  std::string kind;
  std::string detail;
};

struct PendingCategory {
  const CachedService* service;
  std::string category;
  std::int64_t time_ms;
};

// Ids for `n` new rows of `table` (one of the catalog's own tables). SQLite: the writer holds
// the database lock for the whole batch, so the ids after the largest are free. PostgreSQL:
// drawn from the table's identity sequence.
Result<std::vector<std::int64_t>> reserve_ids(Db& db, std::string_view table, std::size_t n) {
  std::vector<std::int64_t> ids;
  if (n == 0) return ids;
  ids.reserve(n);
  if (db.dialect() == Dialect::sqlite) {
    auto max = query_value(db, "SELECT COALESCE(MAX(id), 0) FROM " + std::string(table), {});
    if (!max) return tl::unexpected(max.error());
    for (std::size_t i = 0; i < n; ++i)
      ids.push_back(as_int(*max) + 1 + static_cast<std::int64_t>(i));
    return ids;
  }
  const SqlValue count[] = {static_cast<std::int64_t>(n)};
  auto rows = db.query("SELECT nextval(pg_get_serial_sequence('" + std::string(table) +
                           "', 'id')) FROM generate_series(1, CAST(? AS BIGINT))",
                       count);
  if (!rows) return tl::unexpected(rows.error());
  for (const auto& r : *rows) ids.push_back(as_int(r[0]));
  if (ids.size() != n) return fail(ErrorCode::database, "could not reserve row ids");
  return ids;
}

}  // namespace

// The key that orders addresses of one family: a family digit and fixed-width hex.
std::string address_key(const Address& a) {
  static constexpr char kHex[] = "0123456789abcdef";
  const int digits = a.v6 ? 32 : 8;
  std::string out(static_cast<std::size_t>(digits + 1), '0');
  out[0] = a.v6 ? '6' : '4';
  u128 v = a.value;
  for (int i = digits; i >= 1; --i) {
    out[static_cast<std::size_t>(i)] = kHex[static_cast<unsigned>(v & 0xf)];
    v >>= 4;
  }
  return out;
}

Result<void> SqlStore::ingest(std::string_view scan_id, std::span<const ServiceRecord> records) {
  ObservationRows obs(records, std::string(scan_id));
  if (auto ok = prepare_cache(); !ok) return ok;
  if (auto ok = load_batch_keys(records); !ok) return ok;
  auto& pool = cache_.pool();
  std::vector<TouchedHost> hosts;
  std::vector<Touched> services;
  std::vector<PendingEvent> events;
  std::vector<PendingCategory> categories;
  std::vector<const CachedService*> observed;  // the service of each observation
  observed.reserve(records.size());
  const std::string scan(scan_id);

  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    // The cache holds every host and service of the batch that the catalog has, so a miss
    // is a new one. The service first: when it is known, so is its host.
    CachedService* svc = cache_.find_service(service_key(r));
    CachedHost* host = svc ? svc->host : cache_.find_host(host_key(r));
    if (!host) host = &cache_.add_host(host_key(r), CachedHost{});
    CachedHost& h = *host;
    const bool created_host = h.id == 0 && h.batch_slot < 0;
    bool names_changed = false;
    if (!r.host_name.empty()) names_changed = merge(h.names, {r.host_name});
    if (r.tls) names_changed = merge(h.cert_names, certificate_names(r)) || names_changed;
    if (h.batch_slot < 0 && (created_host || names_changed)) {
      h.batch_slot = static_cast<int>(hosts.size());
      hosts.push_back({&h, created_host, r.address.to_string(), address_key(r.address), r.time_ms});
    }
    if (!svc) {
      CachedService fresh;
      fresh.host = &h;
      fresh.first_seen = fresh.last_seen = r.time_ms;
      svc = &cache_.add_service(service_key(r), std::move(fresh));
    }
    if (svc->batch_slot < 0) {
      svc->batch_slot = static_cast<int>(services.size());
      Touched t;
      t.service = svc;
      t.created = svc->id == 0;
      t.protocol = svc->protocol;
      t.product = svc->product;
      t.version = svc->version;
      t.verdict = svc->verdict;
      t.outcome = svc->outcome;
      t.severity = svc->severity;
      t.first_seen = svc->first_seen;
      t.size_class = size_class(svc->data_bytes);
      if (t.created) t.addr_key = address_key(r.address);
      services.push_back(std::move(t));
    }
    Touched& t = services[static_cast<std::size_t>(svc->batch_slot)];

    std::optional<ServiceState> previous;
    if (svc->observations > 0) previous = svc->state(pool);
    auto d = derive_events(previous, r, options_.thresholds);
    const bool reachable = d.next.reachable;
    const std::string_view verdict = to_string(r.verdict.kind);
    const std::string_view outcome = to_string(r.outcome);
    if (!r.probe.empty()) svc->protocol = pool.intern(r.probe);
    if (!r.product.empty()) svc->product = pool.intern(r.product);
    if (!r.version.empty()) svc->version = pool.intern(r.version);
    svc->verdict = pool.intern(verdict);
    svc->outcome = pool.intern(outcome);
    if (reachable) {
      svc->severity = pool.intern(r.severity);
      t.sensitivity = r.sensitivity;
      if (r.record_count) t.record_count = static_cast<std::int64_t>(*r.record_count);
    }
    svc->first_seen = std::min(svc->first_seen, r.time_ms);
    svc->last_seen = std::max(svc->last_seen, r.time_ms);
    svc->observations += 1;
    svc->set_state(d.next, pool);
    t.last_observation = i;

    observed.push_back(svc);

    for (auto& c : d.new_categories) categories.push_back({svc, std::move(c), r.time_ms});
    for (auto& e : d.events)
      events.push_back({i, svc, r.time_ms, std::move(e.kind), e.detail.dump()});
  }

  // Ids for the new rows, then the writes, parents first.
  std::size_t new_hosts = 0, new_services = 0;
  for (const auto& h : hosts) new_hosts += h.created ? 1 : 0;
  for (const auto& s : services) new_services += s.created ? 1 : 0;
  auto host_ids = reserve_ids(*db_, "hosts", new_hosts);
  if (!host_ids) return tl::unexpected(host_ids.error());
  auto service_ids = reserve_ids(*db_, "services", new_services);
  if (!service_ids) return tl::unexpected(service_ids.error());
  if (!service_ids->empty()) services_high_ = std::max(services_high_, service_ids->back());
  auto obs_ids = reserve_ids(*db_, "observations", records.size());
  if (!obs_ids) return tl::unexpected(obs_ids.error());

  std::vector<SqlValue> rows;
  std::size_t next = 0;
  for (auto& h : hosts) {
    h.host->batch_slot = -1;
    if (h.created) {
      h.host->id = (*host_ids)[next++];
      rows.insert(rows.end(), {h.host->id, h.address, h.addr_key, json_array(h.host->names),
                               json_array(h.host->cert_names), h.time_ms, h.time_ms});
    } else {
      const SqlValue p[] = {json_array(h.host->names), json_array(h.host->cert_names), h.host->id};
      auto up = db_->execute("UPDATE hosts SET names = ?, cert_names = ? WHERE id = ?", p);
      if (!up) return tl::unexpected(up.error());
    }
  }
  if (auto ok = insert_rows(*db_,
                            "INSERT INTO hosts (id, address, addr_key, names, cert_names, "
                            "first_seen_ms, last_seen_ms)",
                            "", 7, rows);
      !ok) {
    return ok;
  }

  rows.clear();
  std::vector<SqlValue> narrow;
  next = 0;
  for (auto& t : services) {
    auto& s = *t.service;
    s.batch_slot = -1;
    if (t.created) s.id = (*service_ids)[next++];
    const SqlValue last_obs = (*obs_ids)[t.last_observation];
    if (t.created) {
      rows.insert(rows.end(), {s.id,
                               s.host->id,
                               std::int64_t{records[t.last_observation].port},
                               std::string(to_string(records[t.last_observation].transport)),
                               pool.at(s.protocol),
                               pool.at(s.product),
                               pool.at(s.version),
                               pool.at(s.verdict),
                               pool.at(s.outcome),
                               pool.at(s.severity),
                               t.sensitivity.value_or(0),
                               opt_int(s.data_bytes),
                               opt_int(t.record_count),
                               std::int64_t{s.reachable},
                               s.first_seen,
                               s.last_seen,
                               opt_int(s.open_since),
                               last_obs,
                               s.observations,
                               t.addr_key,
                               size_class(s.data_bytes)});
    } else if (t.protocol == s.protocol && t.product == s.product && t.version == s.version &&
               t.verdict == s.verdict && t.outcome == s.outcome && t.severity == s.severity &&
               t.first_seen == s.first_seen && t.size_class == size_class(s.data_bytes)) {
      narrow.insert(narrow.end(), {s.id, opt_int(t.sensitivity), opt_int(s.data_bytes),
                                   opt_int(t.record_count), std::int64_t{s.reachable}, s.last_seen,
                                   opt_int(s.open_since), last_obs, s.observations});
    } else {
      // Only the changed columns are assigned, so only the indexes on them are rewritten.
      std::string sql =
          "UPDATE services SET sensitivity = COALESCE(?, sensitivity), data_bytes = ?, "
          "record_count = COALESCE(?, record_count), reachable = ?, last_seen_ms = ?, "
          "open_since_ms = ?, last_observation_id = ?, observations = ?";
      std::vector<SqlValue> p{opt_int(t.sensitivity),
                              opt_int(s.data_bytes),
                              opt_int(t.record_count),
                              std::int64_t{s.reachable},
                              s.last_seen,
                              opt_int(s.open_since),
                              last_obs,
                              s.observations};
      auto text = [&](std::uint32_t before, std::uint32_t now, const char* column) {
        if (before == now) return;
        sql += std::string(", ") + column + " = ?";
        p.emplace_back(pool.at(now));
      };
      text(t.protocol, s.protocol, "protocol");
      text(t.product, s.product, "product");
      text(t.version, s.version, "version");
      text(t.verdict, s.verdict, "verdict");
      text(t.outcome, s.outcome, "outcome");
      text(t.severity, s.severity, "severity");
      if (t.first_seen != s.first_seen) {
        sql += ", first_seen_ms = ?";
        p.emplace_back(s.first_seen);
      }
      if (t.size_class != size_class(s.data_bytes)) {
        sql += ", size_class = ?";
        p.emplace_back(size_class(s.data_bytes));
      }
      sql += " WHERE id = ?";
      p.emplace_back(s.id);
      auto up = db_->execute(sql, p);
      if (!up) return tl::unexpected(up.error());
    }
  }
  if (auto ok = insert_rows(*db_,
                            "INSERT INTO services (id, host_id, port, transport, protocol, "
                            "product, version, verdict, outcome, severity, sensitivity, "
                            "data_bytes, record_count, reachable, first_seen_ms, last_seen_ms, "
                            "open_since_ms, last_observation_id, observations, addr_key, "
                            "size_class)",
                            "", 21, rows);
      !ok) {
    return ok;
  }
  // Only columns that change with every observation: the indexes on the others stay put.
  if (auto ok = update_rows(
          *db_,
          "UPDATE services SET sensitivity = COALESCE(v.column2, services.sensitivity), "
          "data_bytes = v.column3, record_count = COALESCE(v.column4, services.record_count), "
          "reachable = v.column5, last_seen_ms = v.column6, open_since_ms = v.column7, "
          "last_observation_id = v.column8, observations = v.column9 FROM (VALUES",
          ") AS v WHERE services.id = v.column1", 9, narrow,
          "UPDATE services SET sensitivity = COALESCE(?2, sensitivity), "
          "data_bytes = ?3, record_count = COALESCE(?4, record_count), reachable = ?5, "
          "last_seen_ms = ?6, open_since_ms = ?7, last_observation_id = ?8, observations = ?9 "
          "WHERE id = ?1");
      !ok) {
    return ok;
  }

  auto values = obs.values();
  if (auto ok = insert_rows(*db_, kObservationInsert, "", kObservationColumns, values,
                            [&](std::size_t first, std::size_t count) {
                              obs.wait(first + count);
                              for (auto i = first; i < first + count; ++i) {
                                values[i * kObservationColumns] = (*obs_ids)[i];
                                values[i * kObservationColumns + 1] = observed[i]->id;
                              }
                            });
      !ok) {
    return ok;
  }

  rows.clear();
  for (auto& e : events) {
    rows.insert(rows.end(), {e.service->id, (*obs_ids)[e.observation], scan, e.time_ms,
                             std::move(e.kind), std::move(e.detail)});
  }
  if (auto ok = insert_rows(*db_,
                            "INSERT INTO events (service_id, observation_id, scan_id, time_ms, "
                            "kind, detail)",
                            "", 6, rows);
      !ok) {
    return ok;
  }
  rows.clear();
  for (auto& c : categories) {
    rows.insert(rows.end(), {c.service->id, std::move(c.category), c.time_ms});
  }
  if (auto ok =
          insert_rows(*db_, "INSERT INTO service_categories (service_id, category, first_seen_ms)",
                      " ON CONFLICT (service_id, category) DO NOTHING", 3, rows);
      !ok) {
    return ok;
  }
  // SQLite's planner picks indexes from sqlite_stat1: refresh it each time the catalog has
  // doubled. The tables searches read are analysed in full (about a second per million
  // services; sampled statistics misjudge a verdict as selective as an address range).
  // Observations and events are read by service id, which needs no statistics.
  if (db_->dialect() == Dialect::sqlite &&
      services_high_ >= std::max<std::int64_t>(1000, 2 * analyzed_services_)) {
    if (auto ok = db_->exec_script(
            "PRAGMA analysis_limit=0; ANALYZE services; ANALYZE hosts; "
            "ANALYZE service_categories; ANALYZE host_tags; PRAGMA analysis_limit=1000;");
        !ok) {
      return ok;
    }
    analyzed_services_ = services_high_;
  }
  // Bounded: past the limit the cache starts afresh; the next batch reads what it touches.
  if (cache_.size() > options_.max_cached_services) drop_cache();
  return {};
}

}  // namespace lw::catalog
