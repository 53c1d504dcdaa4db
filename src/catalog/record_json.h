#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/service_record.h"

namespace lw::catalog {

// What observations store is the record's detail, lw::append_record_json(r,
// RecordMembers::detail, out): its columns (and its service's address, port and transport) hold
// the rest, and complete_record_json puts that back.
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

}  // namespace lw::catalog
