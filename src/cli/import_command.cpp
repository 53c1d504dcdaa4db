#include "cli/import_command.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "catalog/catalog.h"
#include "catalog/import/import.h"
#include "cli/exit_status.h"
#include "cli/option_checks.h"

namespace lw::cli {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int run_import_command(int argc, char** argv) {
  CLI::App app{"Import discovery results (masscan -oJ/-oL, ZMap CSV, Nmap XML) into the catalog",
               "leakwatch import"};
  std::string file;
  std::string db;
  std::string format = "auto";
  std::uint16_t port = 0;
  std::string scan_id;
  std::size_t batch = 5000;
  bool dry_run = false;
  bool json = false;
  app.add_option("file", file, "the other tool's output file")->required();
  app.add_option("--format", format, "auto, masscan-json, masscan-list, zmap-csv, nmap-xml");
  app.add_option("--port", port, "the scanned port, for ZMap output without a port column")
      ->check(plain_number())
      ->check(CLI::Range(1, 65535));
  app.add_option("--db", db, "catalog: a SQLite path or a postgresql:// URL");
  app.add_option("--scan-id", scan_id, "id of the catalog scan the import becomes");
  app.add_option("--batch", batch, "services per transaction (at most 10^6)")
      ->check(plain_number())
      ->check(CLI::Range(1, 1000000));
  app.add_flag("--dry-run", dry_run, "parse and list, store nothing");
  app.add_flag("--json", json, "list the services as JSON Lines");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return parse_error_status(app, e, "import");
  }
  auto text = catalog::read_file_bounded(file, catalog::kMaxImportBytes);
  if (!text) {
    std::fprintf(stderr, "leakwatch import: %s\n", text.error().describe().c_str());
    return kExitUsage;
  }
  auto fmt = format == "auto"
                 ? catalog::detect_import_format(std::string_view(*text).substr(0, 4096))
                 : catalog::parse_import_format(format);
  if (!fmt) {
    std::fprintf(stderr, "leakwatch import: %s: %s\n", file.c_str(),
                 fmt.error().describe().c_str());
    return kExitUsage;
  }
  catalog::ImportOptions options;
  options.default_port = port;
  options.now_ms = now_ms();
  auto parsed = catalog::parse_import(*text, *fmt, options);
  if (!parsed) {
    std::fprintf(stderr, "leakwatch import: %s (%s): %s\n", file.c_str(),
                 std::string(catalog::to_string(*fmt)).c_str(), parsed.error().describe().c_str());
    return kExitUsage;
  }
  if (json || dry_run) {
    for (const auto& s : parsed->services) {
      if (json) {
        std::cout << nlohmann::json{{"ip", s.address.to_string()},
                                    {"port", s.port},
                                    {"service", s.service},
                                    {"host", s.host_name},
                                    {"time", iso8601_utc(s.time_ms)}}
                         .dump()
                  << '\n';
      } else {
        std::cout << s.address.to_string() << ':' << s.port
                  << (s.service.empty() ? "" : "  " + s.service) << '\n';
      }
    }
  }
  if (dry_run) {
    std::fprintf(stderr, "leakwatch import: %zu open TCP services, %zu other entries skipped\n",
                 parsed->services.size(), parsed->skipped);
    return kExitOk;
  }
  auto cat = catalog::open_catalog(db.empty() ? catalog::default_catalog_path() : db);
  if (!cat) {
    std::fprintf(stderr, "leakwatch import: %s\n", cat.error().describe().c_str());
    return cat.error().code == ErrorCode::invalid_argument ? kExitUsage : kExitFailure;
  }
  catalog::ScanInfo scan;
  scan.id = scan_id.empty() ? "import-" + std::string(catalog::to_string(*fmt)) + "-" +
                                  std::to_string(options.now_ms)
                            : scan_id;
  scan.config_json = nlohmann::json{{"import", file}, {"format", catalog::to_string(*fmt)}}.dump();
  scan.started_ms = options.now_ms;
  if (auto ok = (*cat)->begin_scan(scan); !ok) {
    std::fprintf(stderr, "leakwatch import: %s\n", ok.error().describe().c_str());
    return kExitFailure;
  }
  std::vector<ServiceRecord> records;
  std::size_t done = 0;
  for (std::size_t i = 0; i < parsed->services.size(); ++i) {
    records.push_back(catalog::imported_record(parsed->services[i], *fmt));
    if (records.size() == batch || i + 1 == parsed->services.size()) {
      done += records.size();
      const auto checkpoint = nlohmann::json{{"imported", done}}.dump();
      if (auto ok = (*cat)->commit_batch(scan.id, records, checkpoint, 0); !ok) {
        std::fprintf(stderr, "leakwatch import: %s (after %zu services)\n",
                     ok.error().describe().c_str(), done - records.size());
        (void)(*cat)->set_scan_status(scan.id, catalog::ScanStatus::interrupted, now_ms());
        return kExitFailure;
      }
      records.clear();
    }
  }
  (void)(*cat)->set_scan_status(scan.id, catalog::ScanStatus::done, now_ms());
  std::fprintf(stderr,
               "leakwatch import: %zu open TCP services into scan %s (%zu entries skipped)\n", done,
               scan.id.c_str(), parsed->skipped);
  return kExitOk;
}

}  // namespace lw::cli
