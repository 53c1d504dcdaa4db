// The ingest's service cache as the store uses it: validated against the ingest generation at
// the start of each batch, and filled on demand with the hosts and services each batch touches
// (a few set-based SELECTs per batch, none once the keys are cached).
#include <algorithm>
#include <array>
#include <functional>
#include <unordered_set>

#include "catalog/ingest/row_writer.h"
#include "catalog/sql_store.h"

namespace lw::catalog {
namespace {

// Keys per SELECT: a short last chunk is padded with its last key, so each lookup has only
// these few statement texts (prepared once per connection) and binds at most 768 values.
constexpr std::array<std::size_t, 5> kKeyChunks{1, 4, 16, 64, 256};

// Runs head, one `key` placeholder group per key, and tail over `values` (`width` values per
// key) in chunks of at most 256 keys, handing each result row to `row`.
Result<void> select_keys(Db& db, std::string_view head, std::string_view key, std::string_view tail,
                         std::size_t width, std::span<const SqlValue> values,
                         const std::function<void(const SqlRow&)>& row, CacheStats& stats) {
  const std::size_t keys = values.size() / width;
  std::vector<SqlValue> params;
  for (std::size_t done = 0; done < keys;) {
    const std::size_t left = keys - done;
    const auto chunk =
        *std::find_if(kKeyChunks.begin(), kKeyChunks.end() - 1, [&](auto c) { return c >= left; });
    const std::size_t take = std::min(chunk, left);
    const auto first = values.subspan(done * width, take * width);
    params.clear();
    params.reserve(chunk * width);  // no reallocation below: the padding copies from params
    params.insert(params.end(), first.begin(), first.end());
    while (params.size() < chunk * width) params.push_back(params[params.size() - width]);
    auto rows = db.query(repeated_groups(head, key, tail, chunk), params);
    if (!rows) return tl::unexpected(rows.error());
    ++stats.queries;
    for (const auto& r : *rows) row(r);
    done += take;
  }
  return {};
}

}  // namespace

void SqlStore::drop_cache() noexcept {
  if (cache_.size() > 0) ++cache_stats_.drops;
  cache_.clear();
}

void SqlStore::invalidate_cache() noexcept {
  drop_cache();
  generation_ = -1;
  pending_generation_ = -1;
}

Result<void> SqlStore::prepare_cache() {
  // Every batch moves the generation, inside its transaction: a value other than ours plus
  // one means another writer committed in between, and what we remember may be stale.
  auto g = query_value(*db_,
                       "UPDATE ingest_clock SET generation = generation + 1 WHERE id = 1 "
                       "RETURNING generation",
                       {});
  if (!g) return tl::unexpected(g.error());
  if (is_null(*g)) return fail(ErrorCode::database, "the catalog has no ingest_clock row");
  if (as_int(*g) != generation_ + 1 || generation_ < 0) drop_cache();
  pending_generation_ = as_int(*g);
  if (cache_.size() == 0 && !cache_.complete()) {
    // A cache starting afresh: an empty catalog needs no lookups at all (a miss is a new
    // service), and the largest service id tells when to refresh SQLite's statistics.
    auto rows = db_->query(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM hosts), "
        "(SELECT COALESCE(MAX(id), 0) FROM services)",
        {});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return fail(ErrorCode::database, "no row from MAX(id)");
    const auto& r = rows->front();
    services_high_ = std::max(services_high_, as_int(r[1]));
    analyzed_services_ = std::max(analyzed_services_, services_high_);
    cache_.set_complete(as_int(r[0]) == 0 && as_int(r[1]) == 0);
  }
  return {};
}

Result<void> SqlStore::load_batch_keys(std::span<const ServiceRecord> records) {
  if (cache_.complete()) return {};
  // The hosts the cache lacks, by address (unique, indexed), each once.
  std::unordered_map<std::string, HostKey> wanted_hosts;
  std::vector<SqlValue> keys;
  for (const auto& r : records) {
    if (cache_.find_service(service_key(r)) || cache_.find_host(host_key(r))) continue;
    auto address = r.address.to_string();
    if (wanted_hosts.emplace(address, host_key(r)).second) keys.emplace_back(std::move(address));
  }
  if (!keys.empty()) {
    auto ok = select_keys(
        *db_, "SELECT id, address, names, cert_names FROM hosts WHERE address IN (", "?", ")", 1,
        keys,
        [&](const SqlRow& row) {
          auto it = wanted_hosts.find(as_text(row[1]));
          if (it == wanted_hosts.end() || cache_.find_host(it->second)) return;
          cache_.add_host(it->second, CachedHost{as_int(row[0]), json_string_list(as_text(row[2])),
                                                 json_string_list(as_text(row[3])), -1});
          ++cache_stats_.hosts_loaded;
        },
        cache_stats_);
    if (!ok) return ok;
  }

  // The services the cache lacks on hosts the catalog has, by (host_id, port, transport):
  // a VALUES list joined with the unique index, each key once.
  struct Wanted {
    HostKey host;
    CachedHost* cached;
  };
  std::unordered_map<std::int64_t, Wanted> hosts_by_id;
  std::unordered_set<ServiceKey, KeyHash> wanted_services;
  keys.clear();
  for (const auto& r : records) {
    const auto key = service_key(r);
    if (cache_.find_service(key) || wanted_services.contains(key)) continue;
    auto* h = cache_.find_host(key.host);
    if (!h || h->id == 0) continue;  // a new host has no services yet
    wanted_services.insert(key);
    hosts_by_id.emplace(h->id, Wanted{key.host, h});
    keys.insert(keys.end(), {h->id, std::int64_t{r.port}, std::string(to_string(r.transport))});
  }
  if (keys.empty()) return {};
  std::unordered_map<std::int64_t, CachedService*> loaded;
  auto& pool = cache_.pool();
  auto ok = select_keys(
      *db_,
      "SELECT s.id, s.host_id, s.port, s.transport, s.protocol, s.product, s.version, "
      "s.verdict, s.outcome, s.severity, s.data_bytes, s.open_since_ms, s.first_seen_ms, "
      "s.last_seen_ms, s.observations, s.reachable FROM (VALUES ",
      "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT))",
      ") AS v JOIN services s ON s.host_id = v.column1 AND s.port = v.column2 AND "
      "s.transport = v.column3",
      3, keys,
      [&](const SqlRow& row) {
        auto host = hosts_by_id.find(as_int(row[1]));
        if (host == hosts_by_id.end()) return;
        const ServiceKey key{host->second.host, static_cast<std::uint16_t>(as_int(row[2])),
                             as_text(row[3]) == "tls"};
        if (cache_.find_service(key)) return;  // a padded chunk repeats its last key
        CachedService s;
        s.id = as_int(row[0]);
        s.host = host->second.cached;
        s.protocol = pool.intern(as_text(row[4]));
        s.product = pool.intern(as_text(row[5]));
        s.version = pool.intern(as_text(row[6]));
        s.verdict = pool.intern(as_text(row[7]));
        s.outcome = pool.intern(as_text(row[8]));
        s.severity = pool.intern(as_text(row[9]));
        if (!is_null(row[10])) s.data_bytes = static_cast<std::uint64_t>(as_int(row[10]));
        if (!is_null(row[11])) s.open_since = as_int(row[11]);
        s.first_seen = as_int(row[12]);
        s.last_seen = as_int(row[13]);
        s.observations = as_int(row[14]);
        s.reachable = as_int(row[15]) != 0;
        s.state_verdict = s.open_since ? pool.intern("open") : s.verdict;
        loaded.emplace(s.id, &cache_.add_service(key, std::move(s)));
        ++cache_stats_.services_loaded;
      },
      cache_stats_);
  if (!ok) return ok;

  // Their categories (every category a service has seen: the state new_category compares).
  keys.clear();
  for (const auto& [id, s] : loaded) keys.emplace_back(id);
  return select_keys(
      *db_, "SELECT service_id, category FROM service_categories WHERE service_id IN (", "?", ")",
      1, keys,
      [&](const SqlRow& row) {
        auto it = loaded.find(as_int(row[0]));
        if (it == loaded.end()) return;
        auto c = pool.intern(as_text(row[1]));
        auto& cats = it->second->categories;
        if (std::find(cats.begin(), cats.end(), c) == cats.end()) cats.push_back(c);
      },
      cache_stats_);
}

}  // namespace lw::catalog
