#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace lw::monitor {

// The alert triggers (after Shodan Monitor's, docs/serve.md "Alert rules").
enum class RuleKind {
  open_database,         // any unauthenticated data store, an empty one included
  sensitive_data,        // sensitive categories (optionally of given families) were read
  compromised,           // a ransom note
  new_dataset,           // a new database/index/collection/container in a store already open
  data_growth,           // the data an open store holds grew past the catalog's thresholds
  new_service,           // a service never seen before
  certificate_expiring,  // a TLS certificate expires within `expiring_within`
  exposure_reopened,     // a service found open again after it was remediated
};

struct AlertRule {
  std::string name;
  RuleKind kind = RuleKind::open_database;
  std::vector<std::string> assets;    // asset names; empty: every asset
  std::string min_severity;           // "" (any), low, medium, high, critical
  std::vector<std::string> families;  // sensitive_data: categories or families; empty: any
  std::chrono::seconds repeat_interval{24 * 3600};       // re-notify a firing alert after this
  std::chrono::seconds expiring_within{14 * 24 * 3600};  // certificate_expiring
  std::vector<std::string> channels;  // channel names; empty: every channel whose filters match
};

}  // namespace lw::monitor
