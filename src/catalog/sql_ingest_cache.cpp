// The ingest's service cache as the store uses it: validated against the ingest generation
// at the start of each batch, loaded once, and looked up row by row when it cannot be loaded.
#include "catalog/sql_store.h"

namespace lw::catalog {

void SqlStore::invalidate_cache() noexcept {
  cache_.clear();
  cache_unloadable_ = false;
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
  if (as_int(*g) != generation_ + 1 || generation_ < 0) {
    cache_.clear();
    cache_unloadable_ = false;
  }
  pending_generation_ = as_int(*g);
  if (!cache_.complete() && !cache_unloadable_ && cache_.size() == 0) {
    auto loaded = cache_.load(*db_, options_.max_cached_services);
    if (!loaded) return tl::unexpected(loaded.error());
    analyzed_services_ = std::max(analyzed_services_, cache_.size());
    if (!*loaded) {
      cache_.clear();
      cache_unloadable_ = true;
    }
  }
  return {};
}

Result<CachedHost*> SqlStore::lookup_host(const ServiceRecord& r) {
  const auto key = host_key(r);
  if (auto* h = cache_.find_host(key)) return h;
  if (!cache_.complete()) {
    const SqlValue address[] = {r.address.to_string()};
    auto rows = db_->query("SELECT id, names, cert_names FROM hosts WHERE address = ?", address);
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->empty()) {
      const auto& row = rows->front();
      return &cache_.add_host(key, CachedHost{as_int(row[0]), json_string_list(as_text(row[1])),
                                              json_string_list(as_text(row[2])), -1});
    }
  }
  return &cache_.add_host(key, CachedHost{});
}

Result<CachedService*> SqlStore::lookup_service(CachedHost& host, const ServiceRecord& r) {
  const auto key = service_key(r);
  if (auto* s = cache_.find_service(key)) return s;
  if (cache_.complete() || host.id == 0) return nullptr;
  const SqlValue params[] = {host.id, std::int64_t{r.port}, std::string(to_string(r.transport))};
  auto rows = db_->query(
      "SELECT id, protocol, product, version, verdict, outcome, severity, data_bytes, "
      "open_since_ms, first_seen_ms, last_seen_ms, observations, reachable FROM services "
      "WHERE host_id = ? AND port = ? AND transport = ?",
      params);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return nullptr;
  const auto& row = rows->front();
  auto& pool = cache_.pool();
  CachedService s;
  s.id = as_int(row[0]);
  s.host = &host;
  s.protocol = pool.intern(as_text(row[1]));
  s.product = pool.intern(as_text(row[2]));
  s.version = pool.intern(as_text(row[3]));
  s.verdict = pool.intern(as_text(row[4]));
  s.outcome = pool.intern(as_text(row[5]));
  s.severity = pool.intern(as_text(row[6]));
  if (!is_null(row[7])) s.data_bytes = static_cast<std::uint64_t>(as_int(row[7]));
  if (!is_null(row[8])) s.open_since = as_int(row[8]);
  s.first_seen = as_int(row[9]);
  s.last_seen = as_int(row[10]);
  s.observations = as_int(row[11]);
  s.reachable = as_int(row[12]) != 0;
  s.state_verdict = s.open_since ? pool.intern("open") : s.verdict;
  const SqlValue sid[] = {s.id};
  auto cats = db_->query("SELECT category FROM service_categories WHERE service_id = ?", sid);
  if (!cats) return tl::unexpected(cats.error());
  for (const auto& c : *cats) s.categories.push_back(pool.intern(as_text(c[0])));
  return &cache_.add_service(key, std::move(s));
}

}  // namespace lw::catalog
