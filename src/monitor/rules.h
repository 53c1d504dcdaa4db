#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"
#include "core/service_record.h"
#include "monitor/config.h"
#include "notify/notification.h"

namespace lw::monitor {

// One rule firing for one service: what a notification says (docs/serve.md "What an alert
// carries"). Evidence is masked (the record's masked findings), never a raw value.
struct AlertCandidate {
  std::string alert_id;  // hex of SHA-256(rule name, service key), 16 bytes: one per exposure
  std::string rule;
  RuleKind kind = RuleKind::open_database;
  std::string asset;
  std::string service;  // "address:port"
  std::string address;
  std::uint16_t port = 0;
  std::string protocol;  // probe id
  std::string product;
  std::string severity;
  std::vector<std::string> severity_reasons;
  std::string summary;                // one line: "open redis on 127.0.0.5:6379 (asset lab): ..."
  std::string proof;                  // the verdict's reason and the exchange that proved it
  std::vector<std::string> evidence;  // masked findings: "family detector at location: masked"
  std::vector<notify::FindingSummary> findings;  // per detector: count and one masked example
  std::string verdict;                           // open, auth_required, unknown
  std::string evidence_kind;                     // read | access | identity | none
  bool compromised = false;
  std::string owner;
  std::vector<std::string> contacts;
  std::int64_t first_seen_ms = 0;
  std::int64_t time_ms = 0;           // when the observation that fired it was made
  std::string content_hash;           // what the alert says: a change re-notifies at once
  std::string state_hash;             // content and volume: a change re-notifies after the interval
  std::vector<std::string> channels;  // the channels it goes to (select_channels)
  nlohmann::json detail = nlohmann::json::object();  // per rule: new datasets, expiry, growth
};

// What the rules look at for one service after a scan.
struct RuleInput {
  const catalog::ServiceRow* service = nullptr;  // the service now (required)
  std::span<const catalog::EventRow> events;     // its events new since the last evaluation
  const ServiceRecord* latest = nullptr;         // its latest observation's record, if known
  const ServiceRecord* previous = nullptr;       // the observation before it, if known
  const Asset* asset = nullptr;                  // asset_for(...), nullptr outside every asset
  bool previously_remediated = false;  // an incident of this service was remediated or closed
  std::int64_t now_ms = 0;
};

// Pure: every rule of `config` that fires for the service, with its channels selected.
std::vector<AlertCandidate> evaluate_rules(const Config& config, const RuleInput& input);

// What notify renders and delivers for a firing candidate (incident_id left for the daemon).
notify::AlertPayload to_payload(const AlertCandidate& candidate);

// "address:port", the key of a service in alert ids and silences.
std::string service_key(std::string_view address, std::uint16_t port);
// The rule kind as the config spells it: "open_database", "sensitive_data", ...
std::string_view rule_kind_name(RuleKind) noexcept;
// Lower-case hex of the first 16 bytes of SHA-256(rule name "\n" service key).
std::string alert_id(std::string_view rule, std::string_view service);

// The channels a candidate goes to: the rule's channels (every channel when it names none),
// keeping those whose min_severity the candidate reaches and whose asset filter holds it.
std::vector<std::string> select_channels(const Config& config, const AlertRule& rule,
                                         std::string_view asset, std::string_view severity);

// What the daemon remembers of a firing alert (the catalog's alerts row).
struct FiringState {
  std::int64_t last_notified_ms = 0;
  std::string content_hash;
  std::string state_hash;
};

// Notify when the alert is new, when its content changed, or when the repeat interval passed
// AND something (content or volume) changed since the last notification. Nothing changed:
// never again, however many scans see it.
bool should_notify(const std::optional<FiringState>& last, const AlertCandidate& candidate,
                   std::chrono::seconds repeat_interval, std::int64_t now_ms);

// A silence (the catalog's silences row): empty asset, service or rule matches any; active from
// created_ms (inclusive) until expires_ms (exclusive).
bool silence_matches(std::string_view asset, std::string_view service, std::string_view rule,
                     std::int64_t created_ms, std::int64_t expires_ms,
                     const AlertCandidate& candidate, std::int64_t now_ms);

// The names of the datasets (databases, indices, collections, containers, buckets, tables,
// mailboxes, key spaces) a record's metadata lists, sorted and unique.
std::vector<std::string> dataset_names(const ServiceRecord& record);

// Unix milliseconds of an ISO 8601 UTC time ("2027-01-31T12:00:00Z"); nullopt when malformed.
std::optional<std::int64_t> parse_iso8601_ms(std::string_view text);

}  // namespace lw::monitor
