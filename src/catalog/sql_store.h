#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/db.h"
#include "catalog/ingest/service_cache.h"
#include "catalog/query/compile.h"
#include "catalog/query/facet_pass.h"

namespace lw::catalog {

// Opens the connection for `location` (a SQLite path, whose folders it creates, or a
// postgresql:// URL) and migrates the catalog to the latest schema.
Result<std::unique_ptr<Db>> open_catalog_db(std::string_view location,
                                            const CatalogOptions& options);

// The catalog written once over the Db interface; SQLite and PostgreSQL differ only below it.
class SqlStore final : public Catalog {
 public:
  SqlStore(std::unique_ptr<Db> db, CatalogOptions options)
      : db_(std::move(db)), options_(std::move(options)) {}

  // Store (the scan pipeline's interface).
  Result<void> begin_scan(const ScanInfo&) override;
  Result<std::optional<ScanInfo>> resumable_scan(std::optional<std::string> id) override;
  Result<void> commit_batch(std::string_view scan_id, std::span<const ServiceRecord>,
                            std::string_view checkpoint_json, std::uint64_t output_offset) override;
  Result<void> set_scan_status(std::string_view scan_id, ScanStatus, std::int64_t when_ms) override;
  Result<std::vector<ServiceRecord>> scan_records(std::string_view scan_id) override;

  // Catalog.
  Result<SearchResult> search(const SearchRequest&) override;
  Result<std::optional<HostReport>> host(std::string_view address) override;
  Result<std::vector<ObservationRow>> latest_observations(std::string_view address,
                                                          std::uint16_t port,
                                                          std::string_view transport,
                                                          std::size_t count) override;
  Result<std::vector<ObservationRow>> history(std::string_view address,
                                              std::uint16_t port) override;
  Result<std::vector<EventRow>> events(std::int64_t since_ms, std::size_t limit) override;
  Result<std::vector<EventRow>> events_after(std::int64_t after_id, std::size_t limit) override;
  Result<std::optional<ServiceRow>> service(std::int64_t id) override;
  Result<void> each_service(const std::function<bool(const ServiceRow&)>&) override;
  Result<void> each_observation(const std::function<bool(const ObservationRow&)>&) override;
  Result<void> each_event(const std::function<bool(const EventRow&)>&) override;
  Result<PruneResult> prune(std::int64_t before_ms) override;
  Result<void> tag_host(std::string_view address, const std::vector<std::string>& add,
                        const std::vector<std::string>& remove) override;
  Result<int> schema_version() override;

  // What the ingest's service cache has read so far (tests and benches).
  const CacheStats& cache_stats() const noexcept { return cache_stats_; }

 private:
  // Runs `body` in one transaction; on a lost PostgreSQL connection reconnects and runs it
  // again, within the reconnect budget. `landed` tells whether a lost commit did land.
  Result<void> in_transaction(const std::function<Result<void>()>& body,
                              const std::function<Result<bool>()>& landed);
  Result<void> try_commit(std::string_view scan_id, std::span<const ServiceRecord>,
                          std::string_view checkpoint_json, std::uint64_t output_offset,
                          std::optional<std::int64_t>& batches_before);
  Result<void> ingest(std::string_view scan_id, std::span<const ServiceRecord>);
  // Validates the service cache against the catalog's ingest generation (another writer may
  // have committed since this connection's last batch; then the cache is dropped).
  Result<void> prepare_cache();
  // Reads the hosts and services of `records` that the cache does not hold yet, with a few
  // set-based SELECTs; afterwards a miss in the cache means a new host or service.
  Result<void> load_batch_keys(std::span<const ServiceRecord> records);
  void drop_cache() noexcept;
  void invalidate_cache() noexcept;
  Result<std::vector<SqlValue>> newest_ids(const std::string& where,
                                           const std::vector<SqlValue>& params, std::size_t limit,
                                           std::size_t offset);
  Result<FacetTally> count_facets(const std::vector<std::string>& fields,
                                  const CompiledQuery& compiled);
  Result<std::vector<ServiceRow>> load_services(std::string_view where_sql,
                                                std::span<const SqlValue> params);
  Result<void> fill_service_lists(ServiceRow&, std::int64_t host_id);
  Result<std::vector<EventRow>> load_events(std::string_view where_sql,
                                            std::span<const SqlValue> params);

  std::unique_ptr<Db> db_;
  CatalogOptions options_;
  ServiceCache cache_;
  CacheStats cache_stats_;
  std::int64_t generation_ = -1;  // the ingest generation after this connection's last batch
  std::int64_t pending_generation_ = -1;
  std::int64_t services_high_ = 0;      // the largest service id this connection knows of
  std::int64_t analyzed_services_ = 0;  // services_high_ when this connection last ran ANALYZE
};

}  // namespace lw::catalog
