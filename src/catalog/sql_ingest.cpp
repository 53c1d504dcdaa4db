// Ingest of one record: host, service (with its state), observation, categories, events.
#include <algorithm>

#include "catalog/events/derive.h"
#include "catalog/record_json.h"
#include "catalog/sql_store.h"

namespace lw::catalog {
namespace {

std::vector<std::string> json_strings(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

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

std::string json_array(const std::vector<std::string>& v) {
  return nlohmann::json(v).dump();
}

constexpr std::size_t kMaxCachedHosts = 1'000'000;
constexpr std::size_t kMaxCachedServices = 1'000'000;

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

Result<std::int64_t> SqlStore::upsert_host(const ServiceRecord& r) {
  std::string address = r.address.to_string();
  std::vector<std::string> names;
  if (!r.host_name.empty()) names.push_back(r.host_name);
  const auto certs = certificate_names(r);
  if (auto it = host_cache_.find(address); it != host_cache_.end()) {
    auto known_names = it->second.names;
    auto known_certs = it->second.cert_names;
    if (!merge(known_names, names) && !merge(known_certs, certs)) return it->second.id;
  }
  const SqlValue key[] = {address};
  auto rows = db_->query("SELECT id, names, cert_names FROM hosts WHERE address = ?", key);
  if (!rows) return tl::unexpected(rows.error());
  if (host_cache_.size() >= kMaxCachedHosts) host_cache_.clear();
  if (rows->empty()) {
    std::vector<std::string> cert_list;
    merge(cert_list, certs);
    const SqlValue params[] = {address,           address_key(r.address),
                               json_array(names), json_array(cert_list),
                               r.time_ms,         r.time_ms};
    auto id = db_->insert(
        "INSERT INTO hosts (address, addr_key, names, cert_names, "
        "first_seen_ms, last_seen_ms) VALUES (?, ?, ?, ?, ?, ?)",
        params);
    if (!id) return tl::unexpected(id.error());
    host_cache_[std::move(address)] = CachedHost{*id, names, cert_list};
    return *id;
  }
  const auto& row = rows->front();
  const auto id = as_int(row[0]);
  auto known_names = json_strings(as_text(row[1]));
  auto known_certs = json_strings(as_text(row[2]));
  const bool names_changed = merge(known_names, names);  // both merges must run
  const bool certs_changed = merge(known_certs, certs);
  const bool changed = names_changed || certs_changed;
  if (changed) {
    const SqlValue params[] = {json_array(known_names), json_array(known_certs), id};
    auto up = db_->query("UPDATE hosts SET names = ?, cert_names = ? WHERE id = ?", params);
    if (!up) return tl::unexpected(up.error());
  }
  host_cache_[std::move(address)] = CachedHost{id, std::move(known_names), std::move(known_certs)};
  return id;
}

Result<std::optional<SqlStore::CachedService>> SqlStore::load_service(std::int64_t host_id,
                                                                      std::uint16_t port,
                                                                      std::string_view transport,
                                                                      bool with_categories) {
  const SqlValue key[] = {host_id, std::int64_t{port}, std::string(transport)};
  auto rows = db_->query(
      "SELECT id, verdict, reachable, data_bytes, open_since_ms, first_seen_ms, last_seen_ms, "
      "protocol, product, version, outcome, severity, observations FROM services "
      "WHERE host_id = ? AND port = ? AND transport = ?",
      key);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<CachedService>{};
  const auto& row = rows->front();
  CachedService c;
  c.id = as_int(row[0]);
  c.state.verdict = as_text(row[1]);
  c.state.reachable = as_int(row[2]) != 0;
  if (!is_null(row[3])) c.state.data_bytes = static_cast<std::uint64_t>(as_int(row[3]));
  if (!is_null(row[4])) c.state.open_since_ms = as_int(row[4]);
  c.first_seen = as_int(row[5]);
  c.last_seen = as_int(row[6]);
  c.protocol = as_text(row[7]);
  c.product = as_text(row[8]);
  c.version = as_text(row[9]);
  c.outcome = as_text(row[10]);
  c.severity = as_text(row[11]);
  c.observations = as_int(row[12]);
  if (with_categories) {
    if (auto ok = load_categories(c); !ok) return tl::unexpected(ok.error());
  }
  return std::optional<CachedService>(std::move(c));
}

Result<void> SqlStore::load_categories(CachedService& c) {
  const SqlValue sid[] = {c.id};
  auto cats = db_->query("SELECT category FROM service_categories WHERE service_id = ?", sid);
  if (!cats) return tl::unexpected(cats.error());
  c.state.categories.clear();
  for (const auto& row : *cats) c.state.categories.insert(as_text(row[0]));
  c.categories_loaded = true;
  return {};
}

Result<void> SqlStore::ingest_one(std::string_view scan_id, const ServiceRecord& r) {
  auto host_id = upsert_host(r);
  if (!host_id) return tl::unexpected(host_id.error());
  const std::string_view transport = to_string(r.transport);
  const auto categories = record_categories(r);
  const std::int64_t key =
      (*host_id << 17) | (std::int64_t{r.port} << 1) | (r.transport == Transport::tls ? 1 : 0);
  const std::string verdict(to_string(r.verdict.kind));
  const std::string outcome(to_string(r.outcome));

  // The service's state: from this connection's cache when it has it (checked by the UPDATE
  // below, which matches the observation count it expects), else from the table.
  std::optional<CachedService> cur;
  bool fresh = false;
  if (auto it = service_cache_.find(key); it != service_cache_.end()) {
    cur = it->second;
  } else {
    auto loaded = load_service(*host_id, r.port, transport, !categories.empty());
    if (!loaded) return tl::unexpected(loaded.error());
    cur = std::move(*loaded);
  }
  if (!cur) {
    const SqlValue params[] = {*host_id,
                               std::int64_t{r.port},
                               std::string(transport),
                               r.probe,
                               r.product,
                               r.version,
                               verdict,
                               outcome,
                               r.time_ms,
                               r.time_ms};
    auto id = db_->insert(
        "INSERT INTO services (host_id, port, transport, protocol, product, "
        "version, verdict, outcome, first_seen_ms, last_seen_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params);
    if (!id) return tl::unexpected(id.error());
    cur.emplace();
    cur->id = *id;
    cur->first_seen = cur->last_seen = r.time_ms;
    cur->categories_loaded = true;
    fresh = true;
  } else if (!categories.empty() && !cur->categories_loaded) {
    if (auto ok = load_categories(*cur); !ok) return ok;
  }
  const std::int64_t service_id = cur->id;

  std::string record_json;
  record_json.reserve(768);
  if (r.scan_id == scan_id) {
    append_record_json(r, record_json);
  } else {
    ServiceRecord stored = r;
    stored.scan_id = std::string(scan_id);
    append_record_json(stored, record_json);
  }
  const SqlValue obs[] = {service_id,
                          std::string(scan_id),
                          r.time_ms,
                          verdict,
                          outcome,
                          r.product,
                          r.version,
                          r.severity,
                          std::int64_t{r.sensitivity},
                          opt_int(r.data_bytes),
                          opt_int(r.record_count),
                          json_array(categories),
                          std::move(record_json)};
  auto obs_id = db_->insert(
      "INSERT INTO observations (service_id, scan_id, time_ms, verdict, "
      "outcome, product, version, severity, sensitivity, data_bytes, "
      "record_count, categories, record_json) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      obs);
  if (!obs_id) return tl::unexpected(obs_id.error());
  const auto observation_id = *obs_id;

  std::optional<Derivation> d;
  for (int attempt = 0;; ++attempt) {
    std::optional<ServiceState> previous;
    if (!fresh) previous = cur->state;
    d = derive_events(previous, r, options_.thresholds);
    const bool reachable = d->next.reachable;
    const auto first_seen = std::min(cur->first_seen, r.time_ms);
    const auto last_seen = std::max(cur->last_seen, r.time_ms);
    auto same = [](const std::string& now, const std::string& before) {
      return now.empty() || now == before;
    };
    // Only columns that changed are assigned, so unchanged indexed columns cost nothing.
    const bool unchanged =
        !fresh && same(r.probe, cur->protocol) && same(r.product, cur->product) &&
        same(r.version, cur->version) && verdict == cur->state.verdict && outcome == cur->outcome &&
        (!reachable || r.severity == cur->severity) && first_seen == cur->first_seen;
    const SqlValue sensitivity = reachable ? SqlValue(std::int64_t{r.sensitivity}) : SqlValue();
    const SqlValue record_count = reachable ? opt_int(r.record_count) : SqlValue();
    Result<std::int64_t> changed;
    if (unchanged) {
      const SqlValue p[] = {sensitivity,      opt_int(d->next.data_bytes),
                            record_count,     std::int64_t{reachable ? 1 : 0},
                            last_seen,        opt_int(d->next.open_since_ms),
                            observation_id,   service_id,
                            cur->observations};
      changed = db_->execute(
          "UPDATE services SET sensitivity = COALESCE(?, sensitivity), data_bytes = ?, "
          "record_count = COALESCE(?, record_count), reachable = ?, last_seen_ms = ?, "
          "open_since_ms = ?, last_observation_id = ?, observations = observations + 1 "
          "WHERE id = ? AND observations = ?",
          p);
    } else {
      const SqlValue p[] = {r.probe,
                            r.product,
                            r.version,
                            verdict,
                            outcome,
                            reachable ? SqlValue(r.severity) : SqlValue(),
                            sensitivity,
                            opt_int(d->next.data_bytes),
                            record_count,
                            std::int64_t{reachable ? 1 : 0},
                            first_seen,
                            last_seen,
                            opt_int(d->next.open_since_ms),
                            observation_id,
                            service_id,
                            cur->observations};
      changed = db_->execute(
          "UPDATE services SET protocol = COALESCE(NULLIF(?, ''), protocol), "
          "product = COALESCE(NULLIF(?, ''), product), "
          "version = COALESCE(NULLIF(?, ''), version), verdict = ?, outcome = ?, "
          "severity = COALESCE(?, severity), sensitivity = COALESCE(?, sensitivity), "
          "data_bytes = ?, record_count = COALESCE(?, record_count), reachable = ?, "
          "first_seen_ms = ?, last_seen_ms = ?, open_since_ms = ?, last_observation_id = ?, "
          "observations = observations + 1 WHERE id = ? AND observations = ?",
          p);
    }
    if (!changed) return tl::unexpected(changed.error());
    if (*changed == 1) {
      if (!r.probe.empty()) cur->protocol = r.probe;
      if (!r.product.empty()) cur->product = r.product;
      if (!r.version.empty()) cur->version = r.version;
      if (reachable) cur->severity = r.severity;
      cur->outcome = outcome;
      cur->first_seen = first_seen;
      cur->last_seen = last_seen;
      cur->observations += 1;
      break;
    }
    // Another writer moved the service since this connection cached it: read it again.
    if (attempt > 0) {
      return fail(ErrorCode::database, "the service row changed under a concurrent writer");
    }
    auto reloaded = load_service(*host_id, r.port, transport, true);
    if (!reloaded) return tl::unexpected(reloaded.error());
    if (!*reloaded) return fail(ErrorCode::database, "a service row vanished during ingest");
    cur = std::move(*reloaded);
    fresh = false;
  }
  cur->state = d->next;
  cur->categories_loaded = cur->categories_loaded || !categories.empty() || fresh;
  if (service_cache_.size() >= kMaxCachedServices) service_cache_.clear();
  service_cache_[key] = *cur;

  for (const auto& c : d->new_categories) {
    const SqlValue params[] = {service_id, c, r.time_ms};
    auto ins = db_->execute(
        "INSERT INTO service_categories (service_id, category, first_seen_ms) VALUES (?, ?, ?) "
        "ON CONFLICT (service_id, category) DO NOTHING",
        params);
    if (!ins) return tl::unexpected(ins.error());
  }
  for (const auto& e : d->events) {
    const SqlValue params[] = {service_id, observation_id, std::string(scan_id),
                               r.time_ms,  e.kind,         e.detail.dump()};
    auto ins = db_->execute(
        "INSERT INTO events (service_id, observation_id, scan_id, time_ms, kind, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        params);
    if (!ins) return tl::unexpected(ins.error());
  }
  return {};
}

}  // namespace lw::catalog
