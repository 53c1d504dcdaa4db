#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace lw::notify {

// One sensitive-data finding as an alert carries it: the masked example only, never a raw value.
struct FindingSummary {
  std::string type;    // detector id, e.g. "email", "us_ssn"
  std::string masked;  // a masked example, e.g. "j***@e***.com"
  std::uint64_t count = 0;
  std::string severity;  // low, medium, high, critical
};

// What every alert carries (issue 14, item 3). Built by the monitor from a service record; it holds
// masked evidence only, so nothing rendered from it can leak a raw value.
struct AlertPayload {
  std::string alert_id;           // stable per (service, rule)
  std::string rule;               // open_database, sensitive_data, compromised, ...
  std::string status = "firing";  // firing | resolved
  std::string asset;
  std::string owner;
  std::vector<std::string> contacts;
  std::string address;  // IP address or host name
  std::uint16_t port = 0;
  std::string transport = "tcp";
  std::string protocol;  // probe id: redis, elasticsearch, ...
  std::string product;
  std::string verdict;   // open, auth_required, unknown
  std::string evidence;  // read | access
  std::string proof;     // the exchange that proved access, described for people
  std::string severity;  // low, medium, high, critical
  std::vector<std::string> severity_reasons;
  std::vector<FindingSummary> findings;
  bool compromised = false;
  std::int64_t first_seen_ms = 0;  // Unix epoch milliseconds
  std::int64_t last_seen_ms = 0;
  std::string incident_id;
  std::string summary;  // one line

  bool resolved() const { return status == "resolved"; }
  // "address:port/transport", with an IPv6 address in brackets.
  std::string service() const;
};

// One message for one channel: one alert, or the alerts that arrived together for one asset.
struct Notification {
  std::string idempotency_key;  // one per (alert ids, channel): the receiver de-duplicates on it
  std::string channel;          // the channel's name
  std::string asset;
  std::vector<AlertPayload> alerts;
  std::int64_t created_ms = 0;
};

// Caps on a stored notification read back (catalog outbox): input size, nesting, alerts, findings.
inline constexpr std::size_t kMaxStoredBytes = 1 << 20;
inline constexpr std::size_t kMaxStoredDepth = 8;
inline constexpr std::size_t kMaxStoredAlerts = 1000;
inline constexpr std::size_t kMaxStoredFindings = 200;
inline constexpr std::size_t kMaxStoredString = 8192;

nlohmann::json to_json(const FindingSummary&);
nlohmann::json to_json(const AlertPayload&);
nlohmann::json to_json(const Notification&);
// The JSON text the catalog outbox stores (invalid UTF-8 replaced, never throws).
std::string to_json_text(const Notification&);

Result<AlertPayload> alert_from_json(const nlohmann::json&);
Result<Notification> notification_from_json(const nlohmann::json&);
// Parses what to_json_text wrote; one clear error naming the bad member otherwise.
Result<Notification> notification_from_json_text(std::string_view text);

// Severity names ordered: 0 for ""/unknown, 1 low .. 4 critical.
int severity_rank(std::string_view severity) noexcept;

}  // namespace lw::notify
