#include "cli/history_command.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "catalog/catalog.h"
#include "catalog/export/export.h"
#include "cli/catalog_open.h"
#include "cli/exit_status.h"
#include "cli/monitor_cli.h"
#include "cli/option_checks.h"

namespace lw::cli {

int run_history_command(int argc, char** argv) {
  CLI::App app{"Every observation of one service, with the events between them",
               "leakwatch history"};
  std::string endpoint;
  std::string db;
  bool json = false;
  app.add_option("endpoint", endpoint, "ADDRESS:PORT, or [IPv6]:PORT")->required();
  app.add_option("--db", db, "catalog: a SQLite path or a postgresql:// URL");
  app.add_flag("--json", json, "one JSON document");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return parse_error_status(app, e, "history");
  }
  std::string address;
  std::uint16_t port = 0;
  if (!split_endpoint(endpoint, address, port)) {
    std::fprintf(stderr, "leakwatch history: '%s' is not ADDRESS:PORT or [IPv6]:PORT\n",
                 endpoint.c_str());
    return kExitUsage;
  }
  auto cat = open_existing_catalog(db);
  if (!cat) {
    std::fprintf(stderr, "leakwatch history: %s\n", cat.error().describe().c_str());
    return open_failure_status(cat.error());
  }
  auto obs = (*cat)->history(address, port);
  if (!obs) {
    std::fprintf(stderr, "leakwatch history: %s\n", obs.error().describe().c_str());
    return obs.error().code == ErrorCode::invalid_argument ? kExitUsage : kExitFailure;
  }
  if (obs->empty()) {
    std::fprintf(stderr, "leakwatch history: %s is not in the catalog\n", endpoint.c_str());
    return kExitFailure;
  }
  std::vector<catalog::EventRow> events;
  if (auto h = (*cat)->host(address); h && h->has_value()) {
    for (auto& e : (**h).timeline) {
      if (e.port == port) events.push_back(std::move(e));
    }
  }
  if (json) {
    nlohmann::json out{{"endpoint", endpoint}};
    auto& o = out["observations"] = nlohmann::json::array();
    for (const auto& r : *obs) o.push_back(catalog::to_json(r));
    auto& ev = out["events"] = nlohmann::json::array();
    for (const auto& e : events) ev.push_back(catalog::to_json(e));
    std::cout << out.dump() << '\n';
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : *obs) {
    std::string cats;
    for (const auto& c : r.categories) cats += (cats.empty() ? "" : ",") + c;
    rows.push_back({catalog::short_time(r.time_ms), r.transport, r.scan_id, r.verdict, r.outcome,
                    r.product + (r.version.empty() ? "" : " " + r.version),
                    r.data_bytes ? catalog::human_bytes(*r.data_bytes) : "", r.severity, cats});
  }
  std::cout << catalog::render_table({"TIME", "TRANSPORT", "SCAN", "VERDICT", "OUTCOME", "PRODUCT",
                                      "SIZE", "SEVERITY", "CATEGORIES"},
                                     rows);
  std::cout << "\nevents:\n";
  for (const auto& e : events) {
    std::cout << "  " << catalog::short_time(e.time_ms) << "  " << e.kind << "  " << e.detail.dump()
              << '\n';
  }
  return kExitOk;
}

}  // namespace lw::cli
