#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace lw::catalog {

// A service as the catalog knows it now: the latest observation, with its history summarised.
struct ServiceRow {
  std::int64_t id = 0;
  std::string address;
  std::vector<std::string> names;  // host names the targets were given by
  std::uint16_t port = 0;
  std::string transport;
  std::string protocol;  // probe id
  std::string product;
  std::string version;
  std::string verdict;
  std::string outcome;
  std::string severity;
  int sensitivity = 0;
  std::optional<std::uint64_t> data_bytes;
  std::optional<std::uint64_t> record_count;
  bool reachable = true;
  std::vector<std::string> categories;  // every sensitive category ever seen on it
  std::vector<std::string> tags;        // owner tags of its host
  std::int64_t first_seen_ms = 0;
  std::int64_t last_seen_ms = 0;
  std::optional<std::int64_t> open_since_ms;
  std::int64_t observations = 0;
};

// One time a scan saw a service.
struct ObservationRow {
  std::int64_t id = 0;
  std::string address;
  std::uint16_t port = 0;
  std::string transport;
  std::string scan_id;
  std::int64_t time_ms = 0;
  std::string verdict;
  std::string outcome;
  std::string product;
  std::string version;
  std::string severity;
  int sensitivity = 0;
  std::optional<std::uint64_t> data_bytes;
  std::optional<std::uint64_t> record_count;
  std::vector<std::string> categories;
  nlohmann::json record;  // the full ServiceRecord JSON (masked values only)
};

// A change derived from two consecutive observations of a service.
struct EventRow {
  std::int64_t id = 0;
  std::string address;
  std::uint16_t port = 0;
  std::string transport;
  std::string kind;  // new_service, service_gone, became_open, became_secured, data_grew, ...
  std::int64_t time_ms = 0;
  std::string scan_id;
  std::int64_t observation_id = 0;
  nlohmann::json detail = nlohmann::json::object();
};

struct HostReport {
  std::string address;
  std::vector<std::string> names;
  std::vector<std::string> cert_names;
  std::vector<std::string> tags;
  std::int64_t first_seen_ms = 0;
  std::int64_t last_seen_ms = 0;
  std::vector<ServiceRow> services;
  std::vector<EventRow> timeline;  // oldest first
};

struct SearchRequest {
  std::string query;
  std::vector<std::string> facets;  // field names: product, severity, verdict, port, ...
  std::size_t limit = 100;
  std::size_t offset = 0;
  std::size_t facet_limit = 10;
};

struct Facet {
  std::string field;
  std::vector<std::pair<std::string, std::int64_t>> counts;  // value, count; largest first
};

struct SearchResult {
  std::int64_t total = 0;
  std::vector<ServiceRow> services;
  std::vector<Facet> facets;
};

struct PruneResult {
  std::int64_t observations_deleted = 0;
  std::int64_t observations_kept = 0;
};

nlohmann::json to_json(const ServiceRow&);
nlohmann::json to_json(const ObservationRow&);
nlohmann::json to_json(const EventRow&);
nlohmann::json to_json(const HostReport&);

}  // namespace lw::catalog
