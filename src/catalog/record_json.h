#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/service_record.h"

namespace lw::catalog {

// The JSON Lines form of docs/schema.md (the same document as lw::to_json(record).dump()),
// written directly into `out`: the ingest path's hot spot. Invalid UTF-8 becomes U+FFFD, so
// hostile bytes in a product string can never make serialisation fail.
void append_record_json(const ServiceRecord&, std::string& out);

// What observations store: the record without the members its columns (and its service's
// address, port and transport) already hold. complete_record_json puts those back.
void append_stored_record_json(const ServiceRecord&, std::string& out);

struct StoredColumns {
  std::string scan_id;
  std::int64_t time_ms = 0;
  std::string address;
  std::uint16_t port = 0;
  std::string transport, outcome, verdict, product, version, severity;
  int sensitivity = 0;
  std::optional<std::uint64_t> data_bytes;
  std::optional<std::uint64_t> record_count;
};
// The full record document from a stored one (either form: rows written before schema
// version 3 hold the whole document) and the observation's columns.
void complete_record_json(nlohmann::json& stored, const StoredColumns&);

// A JSON string literal, quoted and escaped.
void append_json_string(std::string_view, std::string& out);

}  // namespace lw::catalog
