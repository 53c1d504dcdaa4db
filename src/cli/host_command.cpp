#include "cli/host_command.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "catalog/catalog.h"
#include "catalog/export/export.h"
#include "cli/catalog_open.h"
#include "cli/exit_status.h"
#include "cli/option_checks.h"

namespace lw::cli {
namespace {

std::string join_list(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "-" : out;
}

}  // namespace

int run_host_command(int argc, char** argv) {
  CLI::App app{"Everything the catalog knows about one host, with its timeline", "leakwatch host"};
  std::string address;
  std::string db;
  std::vector<std::string> add_tags;
  std::vector<std::string> remove_tags;
  bool json = false;
  app.add_option("address", address, "IPv4 or IPv6 address")->required();
  app.add_option("--db", db, "catalog: a SQLite path or a postgresql:// URL");
  app.add_option("--tag", add_tags, "add an owner tag to the host (repeatable)");
  app.add_option("--untag", remove_tags, "remove an owner tag (repeatable)");
  app.add_flag("--json", json, "one JSON document");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return parse_error_status(app, e, "host");
  }
  auto cat = open_existing_catalog(db);
  if (!cat) {
    std::fprintf(stderr, "leakwatch host: %s\n", cat.error().describe().c_str());
    return open_failure_status(cat.error());
  }
  if (!add_tags.empty() || !remove_tags.empty()) {
    if (auto ok = (*cat)->tag_host(address, add_tags, remove_tags); !ok) {
      std::fprintf(stderr, "leakwatch host: %s\n", ok.error().describe().c_str());
      return ok.error().code == ErrorCode::database ? kExitFailure : kExitUsage;
    }
  }
  auto h = (*cat)->host(address);
  if (!h) {
    std::fprintf(stderr, "leakwatch host: %s\n", h.error().describe().c_str());
    return h.error().code == ErrorCode::invalid_argument ? kExitUsage : kExitFailure;
  }
  if (!h->has_value()) {
    std::fprintf(stderr, "leakwatch host: %s is not in the catalog\n", address.c_str());
    return kExitFailure;
  }
  const auto& host = **h;
  if (json) {
    std::cout << catalog::to_json(host).dump() << '\n';
    return kExitOk;
  }
  std::cout << host.address << "\n  names:       " << join_list(host.names)
            << "\n  certificate: " << join_list(host.cert_names)
            << "\n  tags:        " << join_list(host.tags)
            << "\n  first seen:  " << catalog::short_time(host.first_seen_ms)
            << "\n  last seen:   " << catalog::short_time(host.last_seen_ms) << "\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : host.services) {
    rows.push_back({std::to_string(s.port) + "/" + s.transport, s.protocol,
                    s.product + (s.version.empty() ? "" : " " + s.version), s.verdict, s.severity,
                    s.data_bytes ? catalog::human_bytes(*s.data_bytes) : "",
                    join_list(s.categories), catalog::short_time(s.first_seen_ms),
                    catalog::short_time(s.last_seen_ms),
                    s.open_since_ms ? catalog::short_time(*s.open_since_ms) : "",
                    std::to_string(s.observations)});
  }
  std::cout << catalog::render_table(
      {"PORT", "PROTOCOL", "PRODUCT", "VERDICT", "SEVERITY", "SIZE", "CATEGORIES", "FIRST SEEN",
       "LAST SEEN", "OPEN SINCE", "SEEN"},
      rows);
  std::cout << "\ntimeline:\n";
  for (const auto& e : host.timeline) {
    std::cout << "  " << catalog::short_time(e.time_ms) << "  " << e.port << "/" << e.transport
              << "  " << e.kind << "  " << e.detail.dump() << '\n';
  }
  return kExitOk;
}

}  // namespace lw::cli
