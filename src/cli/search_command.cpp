#include "cli/search_command.h"

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

// "column 14" -> 14
std::size_t column_of(const std::string& where) {
  if (!where.starts_with("column ")) return 0;
  return static_cast<std::size_t>(std::strtoul(where.c_str() + 7, nullptr, 10));
}

}  // namespace

int run_search_command(int argc, char** argv) {
  CLI::App app{"Search the catalog (docs/catalog.md has the language)", "leakwatch search"};
  std::vector<std::string> words;
  std::string db;
  std::string facets;
  std::size_t limit = 50;
  std::size_t offset = 0;
  std::size_t facet_limit = 10;
  bool json = false;
  app.add_option("query", words, "e.g. product:elasticsearch verdict:open -tag:lab size:>1GB");
  app.add_option("--db", db, "catalog: a SQLite path or a postgresql:// URL");
  app.add_option("--facets", facets, "count per value of these fields, e.g. product,severity");
  app.add_option("--limit", limit, "rows to show (at most 10000)")
      ->check(plain_number())
      ->check(CLI::Range(0, 10000));
  app.add_option("--offset", offset, "rows to skip (at most 10^9)")
      ->check(plain_number())
      ->check(CLI::Range(0, 1'000'000'000));
  app.add_option("--facet-limit", facet_limit, "values per facet (at most 1000)")
      ->check(plain_number())
      ->check(CLI::Range(1, 1000));
  app.add_flag("--json", json, "one JSON document");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return parse_error_status(app, e, "search");
  }
  std::string query;
  for (const auto& w : words) query += (query.empty() ? "" : " ") + w;
  catalog::SearchRequest req{query, {}, limit, offset, facet_limit};
  for (std::size_t start = 0; !facets.empty() && start <= facets.size();) {
    auto comma = facets.find(',', start);
    auto f = facets.substr(start, comma == std::string::npos ? comma : comma - start);
    if (!f.empty()) req.facets.push_back(f);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  auto cat = open_existing_catalog(db);
  if (!cat) {
    std::fprintf(stderr, "leakwatch search: %s\n", cat.error().describe().c_str());
    return open_failure_status(cat.error());
  }
  auto r = (*cat)->search(req);
  if (!r) {
    std::fprintf(stderr, "leakwatch search: %s\n", r.error().describe().c_str());
    if (const auto col = column_of(r.error().where); col > 0 && col <= query.size() + 1) {
      std::fprintf(stderr, "  %s\n  %s^\n", query.c_str(), std::string(col - 1, ' ').c_str());
    }
    return r.error().code == ErrorCode::database ? kExitFailure : kExitUsage;
  }
  if (json) {
    nlohmann::json out{{"query", query}, {"total", r->total}};
    auto& rows = out["services"] = nlohmann::json::array();
    for (const auto& s : r->services) rows.push_back(catalog::to_json(s));
    auto& fo = out["facets"] = nlohmann::json::object();
    for (const auto& f : r->facets) {
      auto& arr = fo[f.field] = nlohmann::json::array();
      for (const auto& [value, count] : f.counts) {
        arr.push_back({{"value", value}, {"count", count}});
      }
    }
    std::cout << out.dump() << '\n';
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : r->services) {
    rows.push_back({s.address, std::to_string(s.port) + (s.transport == "tls" ? "/tls" : ""),
                    s.protocol, s.product + (s.version.empty() ? "" : " " + s.version), s.verdict,
                    s.severity, s.data_bytes ? catalog::human_bytes(*s.data_bytes) : "",
                    catalog::short_time(s.first_seen_ms), catalog::short_time(s.last_seen_ms),
                    s.open_since_ms ? catalog::short_time(*s.open_since_ms) : ""});
  }
  if (limit > 0) {
    std::cout << catalog::render_table({"IP", "PORT", "PROTOCOL", "PRODUCT", "VERDICT", "SEVERITY",
                                        "SIZE", "FIRST SEEN", "LAST SEEN", "OPEN SINCE"},
                                       rows);
  }
  std::cout << r->total << (r->total == 1 ? " service" : " services");
  if (static_cast<std::int64_t>(r->services.size()) < r->total && limit > 0) {
    std::cout << " (showing " << r->services.size() << "; --limit, --offset for more)";
  }
  std::cout << '\n';
  for (const auto& f : r->facets) {
    std::cout << '\n' << f.field << ":\n";
    for (const auto& [value, count] : f.counts) {
      std::cout << "  " << (value.empty() ? "(none)" : value) << "  " << count << '\n';
    }
  }
  return kExitOk;
}

}  // namespace lw::cli
