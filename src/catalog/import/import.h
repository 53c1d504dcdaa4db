#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/address.h"
#include "core/result.h"
#include "core/service_record.h"

namespace lw::catalog {

// Results of discovery done by another tool, to feed leakwatch's probes.
enum class ImportFormat { masscan_json, masscan_list, zmap_csv, nmap_xml };

std::string_view to_string(ImportFormat) noexcept;
Result<ImportFormat> parse_import_format(std::string_view name);
// Guesses the format from the first bytes of a file.
Result<ImportFormat> detect_import_format(std::string_view head);

struct ImportedService {
  Address address;
  std::uint16_t port = 0;
  std::string service;    // the other tool's name for it ("http"), if it said
  std::string host_name;  // a name the tool reported for the address
  std::int64_t time_ms = 0;
  bool tls = false;  // Nmap's tunnel="ssl"
};

struct ImportOptions {
  std::uint16_t default_port = 0;  // ZMap output without a port column needs it
  std::size_t max_services = 10'000'000;
  std::int64_t now_ms = 0;  // time for entries the file does not date
};

struct ImportResult {
  std::vector<ImportedService> services;  // open TCP services only
  std::size_t skipped = 0;                // closed, UDP or SCTP entries
};

constexpr std::size_t kMaxImportBytes = std::size_t{1} << 30;
constexpr std::size_t kMaxImportLine = 1 << 16;

// Each parser is pure and bounded; a truncated or malformed file is an Error whose `where`
// names the line (or byte) where it went wrong.
Result<ImportResult> parse_masscan_json(std::string_view text, const ImportOptions&);
Result<ImportResult> parse_masscan_list(std::string_view text, const ImportOptions&);
Result<ImportResult> parse_zmap_csv(std::string_view text, const ImportOptions&);
Result<ImportResult> parse_nmap_xml(std::string_view text, const ImportOptions&);
Result<ImportResult> parse_import(std::string_view text, ImportFormat, const ImportOptions&);

// Unix seconds from a file -> ms, or false when outside 1970..9999 (no overflow on hostile input).
bool import_seconds_to_ms(std::int64_t seconds, std::int64_t& ms) noexcept;

// A catalog record for an imported service: verdict unknown, reason names the source.
ServiceRecord imported_record(const ImportedService&, ImportFormat);

// Reads a whole file, refusing one larger than `max_bytes`.
Result<std::string> read_file_bounded(const std::string& path, std::size_t max_bytes);

}  // namespace lw::catalog
