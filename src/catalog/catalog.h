#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/events/derive.h"
#include "catalog/model.h"
#include "catalog/store.h"

namespace lw::catalog {

struct CatalogOptions {
  // How long SQLite waits for another writer before the catalog reports it locked.
  std::chrono::milliseconds busy_timeout{5000};
  // PostgreSQL: how long a batch keeps retrying (reconnecting) after the server went away.
  std::chrono::milliseconds reconnect_budget{30000};
  EventThresholds thresholds;
  // Ingest keeps the services it has touched in memory (about 400 bytes each), read on demand
  // per batch; past this many the cache starts afresh after the batch.
  std::size_t max_cached_services = 2'000'000;
};

// The whole catalog: the scan pipeline's Store plus history, search, export and retention.
class Catalog : public Store {
 public:
  virtual Result<SearchResult> search(const SearchRequest&) = 0;
  virtual Result<std::optional<HostReport>> host(std::string_view address) = 0;
  // Every observation of address:port (any transport), oldest first, with its events.
  virtual Result<std::vector<ObservationRow>> history(std::string_view address,
                                                      std::uint16_t port) = 0;
  // The newest `count` (at most 16) observations of address:port over `transport`, newest
  // first by commit order (the row id, not the time: the wall clock may have stepped back).
  virtual Result<std::vector<ObservationRow>> latest_observations(std::string_view address,
                                                                  std::uint16_t port,
                                                                  std::string_view transport,
                                                                  std::size_t count) = 0;
  virtual Result<std::vector<EventRow>> events(std::int64_t since_ms, std::size_t limit) = 0;
  // Events with an id above `after_id`, in id order (keyset pages for the REST API).
  virtual Result<std::vector<EventRow>> events_after(std::int64_t after_id, std::size_t limit) = 0;
  // The service with this id (ServiceRow::id), if the catalog holds it.
  virtual Result<std::optional<ServiceRow>> service(std::int64_t id) = 0;
  // Streams rows in id order, in pages; the callback returns false to stop.
  virtual Result<void> each_service(const std::function<bool(const ServiceRow&)>&) = 0;
  virtual Result<void> each_observation(const std::function<bool(const ObservationRow&)>&) = 0;
  virtual Result<void> each_event(const std::function<bool(const EventRow&)>&) = 0;
  // Deletes observations older than `before_ms`, except the first and last of every service.
  // Events are never deleted.
  virtual Result<PruneResult> prune(std::int64_t before_ms) = 0;
  virtual Result<void> tag_host(std::string_view address, const std::vector<std::string>& add,
                                const std::vector<std::string>& remove) = 0;
  virtual Result<int> schema_version() = 0;
};

Result<std::unique_ptr<Catalog>> open_catalog(std::string_view location,
                                              const CatalogOptions& options = {});

}  // namespace lw::catalog
