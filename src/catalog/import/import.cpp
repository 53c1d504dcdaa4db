#include "catalog/import/import.h"

#include <fstream>
#include <map>

namespace lw::catalog {

std::string_view to_string(ImportFormat f) noexcept {
  switch (f) {
    case ImportFormat::masscan_json:
      return "masscan-json";
    case ImportFormat::masscan_list:
      return "masscan-list";
    case ImportFormat::zmap_csv:
      return "zmap-csv";
    case ImportFormat::nmap_xml:
      return "nmap-xml";
  }
  return "masscan-json";
}

Result<ImportFormat> parse_import_format(std::string_view name) {
  for (auto f : {ImportFormat::masscan_json, ImportFormat::masscan_list, ImportFormat::zmap_csv,
                 ImportFormat::nmap_xml}) {
    if (to_string(f) == name) return f;
  }
  return fail(ErrorCode::invalid_argument,
              "unknown import format '" + std::string(name) +
                  "' (masscan-json, masscan-list, zmap-csv, nmap-xml)");
}

Result<ImportFormat> detect_import_format(std::string_view head) {
  std::size_t i = 0;
  if (head.starts_with("\xEF\xBB\xBF")) i = 3;
  while (i < head.size() &&
         (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) {
    ++i;
  }
  const auto rest = head.substr(i);
  if (rest.starts_with("<?xml") || rest.starts_with("<nmaprun") || rest.starts_with("<!DOCTYPE")) {
    return ImportFormat::nmap_xml;
  }
  if (rest.starts_with("[") || rest.starts_with("{")) return ImportFormat::masscan_json;
  if (rest.starts_with("#masscan") || rest.starts_with("open ")) return ImportFormat::masscan_list;
  if (rest.starts_with("saddr") || (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') ||
      rest.find(':') < rest.find('\n')) {
    return ImportFormat::zmap_csv;
  }
  return fail(ErrorCode::invalid_argument,
              "cannot tell the format of this file; name it with --format");
}

namespace {

Result<ImportResult> parse_any(std::string_view text, ImportFormat f, const ImportOptions& o) {
  switch (f) {
    case ImportFormat::masscan_json:
      return parse_masscan_json(text, o);
    case ImportFormat::masscan_list:
      return parse_masscan_list(text, o);
    case ImportFormat::zmap_csv:
      return parse_zmap_csv(text, o);
    case ImportFormat::nmap_xml:
      return parse_nmap_xml(text, o);
  }
  return fail(ErrorCode::internal, "unknown format");
}

}  // namespace

// One service per (address, port): masscan writes a status line and banner lines for the
// same port; the first entry wins and a later service name fills a missing one.
Result<ImportResult> parse_import(std::string_view text, ImportFormat f, const ImportOptions& o) {
  auto r = parse_any(text, f, o);
  if (!r) return r;
  std::map<std::pair<Address, std::uint16_t>, std::size_t> seen;
  std::vector<ImportedService> unique;
  for (auto& s : r->services) {
    auto [it, fresh] = seen.emplace(std::make_pair(s.address, s.port), unique.size());
    if (fresh) {
      unique.push_back(std::move(s));
    } else if (unique[it->second].service.empty()) {
      unique[it->second].service = s.service;
    }
  }
  r->services = std::move(unique);
  return r;
}

bool import_seconds_to_ms(std::int64_t seconds, std::int64_t& ms) noexcept {
  if (seconds < 0 || seconds > 253'402'300'799) return false;  // 9999-12-31T23:59:59Z
  ms = seconds * 1000;
  return true;
}

ServiceRecord imported_record(const ImportedService& s, ImportFormat f) {
  ServiceRecord r;
  r.time_ms = s.time_ms;
  r.address = s.address;
  r.host_name = s.host_name;
  r.port = s.port;
  r.transport = s.tls ? Transport::tls : Transport::tcp;
  r.outcome = Outcome::success;
  r.verdict.kind = VerdictKind::unknown;
  r.verdict.reason = "port open in " + std::string(to_string(f)) + " import" +
                     (s.service.empty() ? "" : " (service " + s.service + ")");
  r.verdict.evidence = EvidenceKind::none;
  r.metadata = nlohmann::json{{"import", to_string(f)}};
  if (!s.service.empty()) r.metadata["service"] = s.service;
  return r;
}

Result<std::string> read_file_bounded(const std::string& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::io_error, "cannot open the file", path);
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) return fail(ErrorCode::io_error, "cannot read the file", path);
  if (static_cast<std::size_t>(size) > max_bytes) {
    return fail(ErrorCode::too_large,
                "the file is larger than " + std::to_string(max_bytes) + " bytes", path);
  }
  in.seekg(0);
  std::string out(static_cast<std::size_t>(size), '\0');
  in.read(out.data(), size);
  if (in.gcount() != size) return fail(ErrorCode::io_error, "short read", path);
  return out;
}

}  // namespace lw::catalog
