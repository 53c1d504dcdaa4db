#include "cli/export_command.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "catalog/catalog.h"
#include "catalog/export/export.h"
#include "cli/catalog_open.h"
#include "cli/exit_status.h"
#include "cli/option_checks.h"

namespace lw::cli {

int run_export_command(int argc, char** argv) {
  CLI::App app{"Export services, observations (JSON Lines or CSV) or events (JSON Lines)",
               "leakwatch export"};
  std::string what = "services";
  std::string format = "jsonl";
  std::string output;
  std::string db;
  app.add_option("what", what, "services, observations or events");
  app.add_option("--format", format, "jsonl or csv");
  app.add_option("-o,--output", output, "file to write (default: standard output)");
  app.add_option("--db", db, "catalog: a SQLite path or a postgresql:// URL");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return parse_error_status(app, e, "export");
  }
  auto w = catalog::parse_export_what(what);
  auto f = catalog::parse_export_format(format);
  if (!w || !f) {
    std::fprintf(stderr, "leakwatch export: %s\n", (!w ? w.error() : f.error()).describe().c_str());
    return kExitUsage;
  }
  if (*w == catalog::ExportWhat::events && *f != catalog::ExportFormat::jsonl) {
    std::fprintf(stderr, "leakwatch export: events are exported as JSON Lines only\n");
    return kExitUsage;
  }
  auto cat = open_existing_catalog(db);
  if (!cat) {
    std::fprintf(stderr, "leakwatch export: %s\n", cat.error().describe().c_str());
    return open_failure_status(cat.error());
  }
  std::ofstream file;
  if (!output.empty()) {
    file.open(output, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::fprintf(stderr, "leakwatch export: cannot write %s\n", output.c_str());
      return kExitFailure;
    }
  }
  std::ostream& out = output.empty() ? std::cout : file;
  auto n = catalog::export_catalog(**cat, *w, *f, out);
  out.flush();
  if (!n) {
    std::fprintf(stderr, "leakwatch export: %s\n", n.error().describe().c_str());
    return kExitFailure;
  }
  std::fprintf(stderr, "leakwatch export: %llu %s\n", static_cast<unsigned long long>(*n),
               what.c_str());
  return kExitOk;
}

}  // namespace lw::cli
