#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "catalog/db.h"
#include "catalog/events/derive.h"
#include "core/address.h"
#include "core/service_record.h"

namespace lw::catalog {

// Short strings that repeat across millions of services (products, versions, verdicts), kept
// once; a service holds their numbers.
class StringPool {
 public:
  StringPool() { intern(""); }
  std::uint32_t intern(std::string_view s);
  const std::string& at(std::uint32_t id) const { return strings_[id]; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::vector<std::string> strings_;
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
};

struct HostKey {
  u128 value = 0;
  bool v6 = false;
  friend bool operator==(const HostKey&, const HostKey&) = default;
};
struct ServiceKey {
  HostKey host;
  std::uint16_t port = 0;
  bool tls = false;
  friend bool operator==(const ServiceKey&, const ServiceKey&) = default;
};
inline HostKey host_key(const ServiceRecord& r) {
  return {r.address.value, r.address.v6};
}
inline ServiceKey service_key(const ServiceRecord& r) {
  return {host_key(r), r.port, r.transport == Transport::tls};
}

struct KeyHash {
  std::size_t operator()(const HostKey& k) const noexcept;
  std::size_t operator()(const ServiceKey& k) const noexcept;
};

struct CachedHost {
  std::int64_t id = 0;  // 0 until the batch that creates it reserves ids
  std::vector<std::string> names;
  std::vector<std::string> cert_names;
  int batch_slot = -1;  // index in the current batch's touched hosts, or -1
};

// A service's row as ingest needs it: the columns it compares or rewrites, and the state the
// event derivation starts from.
struct CachedService {
  std::int64_t id = 0;  // 0 until the batch that creates it reserves ids
  CachedHost* host = nullptr;
  std::int64_t first_seen = 0;
  std::int64_t last_seen = 0;
  std::int64_t observations = 0;
  std::optional<std::uint64_t> data_bytes;
  std::optional<std::int64_t> open_since;
  std::uint32_t protocol = 0, product = 0, version = 0, verdict = 0, outcome = 0, severity = 0;
  // The verdict event derivation compares with: the last conclusive one (docs/catalog.md).
  std::uint32_t state_verdict = 0;
  bool reachable = true;
  std::vector<std::uint32_t> categories;  // every category seen, interned
  int batch_slot = -1;                    // index in the current batch's touched services, or -1

  ServiceState state(const StringPool&) const;
  void set_state(const ServiceState&, StringPool&);
};

// What the service cache has read from the catalog: a figure for the bench and a test hook.
struct CacheStats {
  std::uint64_t hosts_loaded = 0;     // host rows read into the cache
  std::uint64_t services_loaded = 0;  // service rows read into the cache
  std::uint64_t queries = 0;          // SELECTs that looked up a batch's keys
  std::uint64_t drops = 0;            // times a non-empty cache was dropped
};

// The hosts and services ingest has touched on this connection, so event derivation needs no
// SELECT per record: each batch first reads the keys it needs that are not here yet
// (SqlStore::load_batch_keys), then plans against the cache alone. Valid only while no other
// writer has committed: SqlStore checks the catalog's ingest generation at the start of each
// batch and drops the cache when it moved.
class ServiceCache {
 public:
  void clear();
  // True when every service of the catalog is here (it was empty when this cache started
  // and only this writer has added to it since), so a miss means a new service.
  bool complete() const { return complete_; }
  void set_complete(bool c) { complete_ = c; }
  std::size_t size() const { return services_.size(); }

  CachedHost* find_host(const HostKey& k);
  CachedService* find_service(const ServiceKey& k);
  CachedHost& add_host(const HostKey& k, CachedHost h);
  CachedService& add_service(const ServiceKey& k, CachedService s);
  StringPool& pool() { return pool_; }

 private:
  StringPool pool_;
  std::unordered_map<HostKey, CachedHost, KeyHash> hosts_;
  std::unordered_map<ServiceKey, CachedService, KeyHash> services_;
  bool complete_ = false;
};

// JSON array of strings as stored in hosts.names and hosts.cert_names.
std::vector<std::string> json_string_list(const std::string& text);

}  // namespace lw::catalog
