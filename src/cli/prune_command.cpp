#include "cli/prune_command.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "catalog/catalog.h"
#include "cli/catalog_open.h"
#include "cli/exit_status.h"
#include "cli/option_checks.h"

namespace lw::cli {

int run_prune_command(int argc, char** argv) {
  CLI::App app{
      "Retention: delete observations older than --keep DAYS, except the first and "
      "the last of every service; events are never deleted",
      "leakwatch prune"};
  unsigned keep_days = 0;
  std::string db;
  bool json = false;
  app.add_option("--keep", keep_days, "days of observations to keep")
      ->required()
      ->check(plain_number())
      ->check(CLI::Range(0u, 365u * 100u));
  app.add_option("--db", db, "catalog: a SQLite path or a postgresql:// URL");
  app.add_flag("--json", json, "one JSON document");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return parse_error_status(app, e, "prune");
  }
  auto cat = open_existing_catalog(db);
  if (!cat) {
    std::fprintf(stderr, "leakwatch prune: %s\n", cat.error().describe().c_str());
    return open_failure_status(cat.error());
  }
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const auto before = now - static_cast<std::int64_t>(keep_days) * 86'400'000;
  auto r = (*cat)->prune(before);
  if (!r) {
    std::fprintf(stderr, "leakwatch prune: %s\n", r.error().describe().c_str());
    return kExitFailure;
  }
  if (json) {
    std::cout << nlohmann::json{{"deleted", r->observations_deleted},
                                {"kept", r->observations_kept}}
                     .dump()
              << '\n';
  } else {
    std::cout << "deleted " << r->observations_deleted << " observations older than " << keep_days
              << " days; " << r->observations_kept << " kept\n";
  }
  return kExitOk;
}

}  // namespace lw::cli
