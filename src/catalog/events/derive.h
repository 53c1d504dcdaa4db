#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/service_record.h"

namespace lw::catalog {

// What the catalog remembers of a service between two observations.
struct ServiceState {
  std::string verdict;  // of the latest conclusive observation
  bool reachable = true;
  std::optional<std::uint64_t> data_bytes;
  std::set<std::string> categories;  // every sensitive category seen so far
  std::optional<std::int64_t> open_since_ms;
};

struct EventThresholds {
  double size_ratio = 0.5;                 // data grew or shrank by at least this fraction...
  std::uint64_t min_size_delta = 1 << 20;  // ...and by at least this many bytes
};

struct DerivedEvent {
  std::string kind;
  nlohmann::json detail = nlohmann::json::object();
};

struct Derivation {
  std::vector<DerivedEvent> events;
  ServiceState next;
  std::vector<std::string> new_categories;
};

// False for a record of a closed port: refused or timed out before any probe attempt.
bool record_reachable(const ServiceRecord&) noexcept;
// A record of a service that answered but whose probe could not conclude (verdict error): it
// changes neither whether the service is open nor its open_since.
bool record_inconclusive(const ServiceRecord&) noexcept;
// The category a service found compromised (a ransom note) carries; `compromised:true` in a
// search, and the first time a service carries it, a "compromised" event.
inline constexpr std::string_view kCompromisedCategory = "compromised";
// The distinct sensitive categories (finding families, and "compromised") of a record, sorted.
std::vector<std::string> record_categories(const ServiceRecord&);

// Pure: the events between the previous state (none for a service never seen) and a new
// observation, and the state after it.
Derivation derive_events(const std::optional<ServiceState>& previous, const ServiceRecord& record,
                         const EventThresholds& thresholds);

}  // namespace lw::catalog
