#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/db.h"

namespace lw::catalog {

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
  Result<std::vector<ObservationRow>> history(std::string_view address,
                                              std::uint16_t port) override;
  Result<std::vector<EventRow>> events(std::int64_t since_ms, std::size_t limit) override;
  Result<void> each_service(const std::function<bool(const ServiceRow&)>&) override;
  Result<void> each_observation(const std::function<bool(const ObservationRow&)>&) override;
  Result<void> each_event(const std::function<bool(const EventRow&)>&) override;
  Result<PruneResult> prune(std::int64_t before_ms) override;
  Result<void> tag_host(std::string_view address, const std::vector<std::string>& add,
                        const std::vector<std::string>& remove) override;
  Result<int> schema_version() override;

 private:
  // Runs `body` in one transaction; on a lost PostgreSQL connection reconnects and runs it
  // again, within the reconnect budget. `landed` tells whether a lost commit did land.
  Result<void> in_transaction(const std::function<Result<void>()>& body,
                              const std::function<Result<bool>()>& landed);
  Result<void> try_commit(std::string_view scan_id, std::span<const ServiceRecord>,
                          std::string_view checkpoint_json, std::uint64_t output_offset,
                          std::optional<std::int64_t>& batches_before);
  Result<void> ingest_one(std::string_view scan_id, const ServiceRecord&);
  Result<std::int64_t> upsert_host(const ServiceRecord&);
  Result<std::vector<ServiceRow>> load_services(std::string_view where_sql,
                                                std::span<const SqlValue> params);
  Result<void> fill_service_lists(ServiceRow&, std::int64_t host_id);
  Result<std::vector<EventRow>> load_events(std::string_view where_sql,
                                            std::span<const SqlValue> params);

  struct CachedService {
    std::int64_t id = 0;
    ServiceState state;
    bool categories_loaded = false;
    std::int64_t first_seen = 0;
    std::int64_t last_seen = 0;
    std::int64_t observations = 0;
    std::string protocol, product, version, outcome, severity;
  };
  Result<std::optional<CachedService>> load_service(std::int64_t host_id, std::uint16_t port,
                                                    std::string_view transport,
                                                    bool with_categories);
  Result<void> load_categories(CachedService&);

  struct CachedHost {
    std::int64_t id = 0;
    std::vector<std::string> names;
    std::vector<std::string> cert_names;
  };

  std::unique_ptr<Db> db_;
  CatalogOptions options_;
  // Hosts this connection has seen: ids never change and names only grow, so a record that
  // brings nothing new needs no statement. Cleared whenever a transaction rolls back.
  std::unordered_map<std::string, CachedHost> host_cache_;
  // Services likewise, keyed by (host id, port, transport); every UPDATE names the observation
  // count it expects, so a row another writer moved is read again, never overwritten.
  std::unordered_map<std::int64_t, CachedService> service_cache_;
};

}  // namespace lw::catalog
