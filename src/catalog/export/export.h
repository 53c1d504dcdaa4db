#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"

namespace lw::catalog {

enum class ExportFormat { jsonl, csv };
enum class ExportWhat { services, observations, events };

Result<ExportFormat> parse_export_format(std::string_view);
Result<ExportWhat> parse_export_what(std::string_view);

// Streams the catalog out, page by page: services and observations as JSON Lines or CSV,
// events as one JSON object per line (for a SIEM). Returns the number of rows written.
Result<std::uint64_t> export_catalog(Catalog&, ExportWhat, ExportFormat, std::ostream&);

// RFC 4180 field quoting; cells starting with = + - @ are prefixed with ' so a spreadsheet
// does not run them as formulas.
std::string csv_field(std::string_view);

// Presentation helpers shared by the catalog commands.
std::string human_bytes(std::uint64_t);
std::string render_table(const std::vector<std::string>& headers,
                         const std::vector<std::vector<std::string>>& rows);
std::string short_time(std::int64_t unix_ms);  // "2026-11-01 12:30"

}  // namespace lw::catalog
