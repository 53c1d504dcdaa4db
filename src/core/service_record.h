#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/access.h"
#include "core/address.h"
#include "core/probe.h"
#include "core/result.h"
#include "core/verdict.h"

namespace lw {

// The certificate a TLS service presented: its names often name the owner.
struct TlsInfo {
  std::string version;  // "TLSv1.3"
  std::string cipher;
  std::string subject;
  std::string issuer;
  std::vector<std::string> sans;
  std::string not_before;  // ISO 8601 UTC
  std::string not_after;
  bool self_signed = false;
};

// One sensitive-data finding as stored: masked value and keyed hash only, never the raw value.
struct DataFinding {
  std::string detector;
  std::string family;
  double confidence = 0;
  std::string location;
  std::string masked;
  std::string value_hash;
  std::string severity;
};

// What one scan learned about one service (address, port): the unit of output and of storage.
struct ServiceRecord {
  std::string scan_id;
  std::int64_t time_ms = 0;  // Unix epoch milliseconds, when the service was seen
  Address address;
  std::string host_name;  // the name the target was given by, if any
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  std::string probe;  // id of the probe whose dialogue concluded
  Outcome outcome = Outcome::success;
  Verdict verdict;
  std::string product;
  std::string version;
  nlohmann::json metadata = nlohmann::json::object();
  std::optional<std::uint64_t> data_bytes;
  std::optional<std::uint64_t> record_count;
  std::optional<TlsInfo> tls;
  std::uint32_t sample_count = 0;
  std::uint64_t sample_bytes = 0;
  std::vector<DataFinding> findings;
  int sensitivity = 0;   // 0..100
  std::string severity;  // "", low, medium, high, critical (assess_severity, core/severity.h)
  std::vector<std::string> severity_reasons;  // why: one line per factor, strongest first
  Capabilities capabilities;  // what an unauthenticated client can do (set by the probe)
  // A wiping or ransom campaign's note was found in the store (docs/schema.md "compromise").
  bool compromised = false;
  std::string compromise_note;  // where it was and its text, masked: never the raw note
  std::uint32_t duration_ms = 0;
  std::vector<std::string> attempts;  // probes tried, in order
};

constexpr int kRecordSchemaVersion = 1;

// The JSON Lines form documented in docs/schema.md.
nlohmann::json to_json(const ServiceRecord&);
// The same record as one line of text (no newline), byte for byte what to_json(r).dump() gives
// for valid UTF-8, written directly: the scan writes one per service, so it must be cheap.
std::string to_json_line(const ServiceRecord&);

// Which members of the record document a direct writer emits: all of them, or only the detail
// (probe, reason, evidence, metadata, samples, duration, attempts, host, tls, findings) for a
// store that keeps the identity (schema, scan_id, time, ip, port, transport) and the summary
// (outcome, verdict, product, version, sensitivity, severity, data_bytes, record_count) apart.
enum class RecordMembers { all, detail };
void append_record_json(const ServiceRecord&, RecordMembers, std::string& out);
Result<ServiceRecord> record_from_json(const nlohmann::json&);

std::string iso8601_utc(std::int64_t unix_ms);

}  // namespace lw
