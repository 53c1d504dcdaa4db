#include "catalog/export/export.h"

#include <algorithm>

#include "core/service_record.h"

namespace lw::catalog {
namespace {

std::string opt_text(const std::optional<std::uint64_t>& v) {
  return v ? std::to_string(*v) : std::string();
}

std::string join(const std::vector<std::string>& v, char sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

void csv_row(std::ostream& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out << ',';
    out << csv_field(cells[i]);
  }
  out << "\r\n";
}

const std::vector<std::string> kServiceHeader{
    "ip",         "port",    "transport",  "protocol",    "product",    "version",
    "verdict",    "outcome", "severity",   "sensitivity", "data_bytes", "record_count",
    "categories", "tags",    "first_seen", "last_seen",   "open_since", "observations"};

const std::vector<std::string> kObservationHeader{
    "ip",      "port",    "transport", "scan_id",     "time",       "verdict",      "outcome",
    "product", "version", "severity",  "sensitivity", "data_bytes", "record_count", "categories"};

}  // namespace

Result<ExportFormat> parse_export_format(std::string_view s) {
  if (s == "jsonl" || s == "json") return ExportFormat::jsonl;
  if (s == "csv") return ExportFormat::csv;
  return fail(ErrorCode::invalid_argument, "unknown format '" + std::string(s) + "' (jsonl, csv)");
}

Result<ExportWhat> parse_export_what(std::string_view s) {
  if (s == "services") return ExportWhat::services;
  if (s == "observations") return ExportWhat::observations;
  if (s == "events") return ExportWhat::events;
  return fail(ErrorCode::invalid_argument,
              "unknown table '" + std::string(s) + "' (services, observations, events)");
}

std::string csv_field(std::string_view v) {
  std::string s(v);
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) {
    const bool number = std::all_of(s.begin() + 1, s.end(),
                                    [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
    if (!number || s.size() == 1) s.insert(s.begin(), '\'');
  }
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Result<std::uint64_t> export_catalog(Catalog& c, ExportWhat what, ExportFormat format,
                                     std::ostream& out) {
  std::uint64_t n = 0;
  Result<void> ok;
  switch (what) {
    case ExportWhat::services:
      if (format == ExportFormat::csv) csv_row(out, kServiceHeader);
      ok = c.each_service([&](const ServiceRow& s) {
        if (format == ExportFormat::jsonl) {
          out << to_json(s).dump() << '\n';
        } else {
          csv_row(out,
                  {s.address, std::to_string(s.port), s.transport, s.protocol, s.product, s.version,
                   s.verdict, s.outcome, s.severity, std::to_string(s.sensitivity),
                   opt_text(s.data_bytes), opt_text(s.record_count), join(s.categories, ';'),
                   join(s.tags, ';'), iso8601_utc(s.first_seen_ms), iso8601_utc(s.last_seen_ms),
                   s.open_since_ms ? iso8601_utc(*s.open_since_ms) : "",
                   std::to_string(s.observations)});
        }
        ++n;
        return static_cast<bool>(out);
      });
      break;
    case ExportWhat::observations:
      if (format == ExportFormat::csv) csv_row(out, kObservationHeader);
      ok = c.each_observation([&](const ObservationRow& o) {
        if (format == ExportFormat::jsonl) {
          out << to_json(o).dump() << '\n';
        } else {
          csv_row(out, {o.address, std::to_string(o.port), o.transport, o.scan_id,
                        iso8601_utc(o.time_ms), o.verdict, o.outcome, o.product, o.version,
                        o.severity, std::to_string(o.sensitivity), opt_text(o.data_bytes),
                        opt_text(o.record_count), join(o.categories, ';')});
        }
        ++n;
        return static_cast<bool>(out);
      });
      break;
    case ExportWhat::events:
      if (format != ExportFormat::jsonl) {
        return fail(ErrorCode::invalid_argument, "events are exported as JSON Lines only");
      }
      ok = c.each_event([&](const EventRow& e) {
        out << to_json(e).dump() << '\n';
        ++n;
        return static_cast<bool>(out);
      });
      break;
  }
  if (!ok) return tl::unexpected(ok.error());
  if (!out) return fail(ErrorCode::io_error, "writing the export failed");
  return n;
}

std::string human_bytes(std::uint64_t b) {
  static constexpr const char* kUnits[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  double v = static_cast<double>(b);
  int u = 0;
  while (v >= 1024 && u < 5) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, kUnits[u]);
  return buf;
}

std::string short_time(std::int64_t unix_ms) {
  auto iso = iso8601_utc(unix_ms);  // 2026-11-01T12:30:00.000Z
  iso[10] = ' ';
  return iso.substr(0, 16);
}

std::string render_table(const std::vector<std::string>& headers,
                         const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(headers.size());
  for (std::size_t i = 0; i < headers.size(); ++i) width[i] = headers[i].size();
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size() && i < width.size(); ++i) {
      width[i] = std::max(width[i], std::min<std::size_t>(r[i].size(), 40));
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < width.size(); ++i) {
      std::string cell = i < cells.size() ? cells[i] : "";
      if (cell.size() > 40) cell = cell.substr(0, 39) + "~";
      for (auto& ch : cell) {
        if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';  // no terminal control bytes
      }
      out += cell;
      if (i + 1 < width.size()) out += std::string(width[i] - cell.size() + 2, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(headers);
  for (const auto& r : rows) out += line(r);
  return out;
}

}  // namespace lw::catalog
