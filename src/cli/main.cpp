// leakwatch: argument dispatch only. Each command parses its own options and returns its exit
// status (see cli/exit_status.h and README.md).
#include <cstdio>
#include <cstring>
#include <string_view>

#include "cli/api_command.h"
#include "cli/classify_command.h"
#include "cli/config_command.h"
#include "cli/exit_status.h"
#include "cli/export_command.h"
#include "cli/history_command.h"
#include "cli/host_command.h"
#include "cli/import_command.h"
#include "cli/incidents_command.h"
#include "cli/lint_command.h"
#include "cli/outbox_command.h"
#include "cli/prune_command.h"
#include "cli/rescan_command.h"
#include "cli/scan_command.h"
#include "cli/search_command.h"
#include "cli/serve_command.h"
#include "cli/silences_command.h"
#include "cli/token_command.h"

namespace {

struct Command {
  std::string_view name;
  int (*run)(int, char**);
  std::string_view summary;
};

constexpr Command kCommands[] = {
    {"scan", lw::cli::run_scan_command,
     "find data services open without authentication, prove it, classify what leaks"},
    {"classify", lw::cli::run_classify_command,
     "find sensitive data (PII, secrets, financial, health, government markings) in files"},
    {"lint", lw::cli::run_lint_command,
     "find misconfigurations that expose data in service configs and cloud templates"},
    {"search", lw::cli::run_search_command,
     "search the catalog: port:9200 verdict:open severity:critical -tag:lab, with --facets"},
    {"host", lw::cli::run_host_command, "everything known about one address, with its timeline"},
    {"history", lw::cli::run_history_command, "the observations and events of ADDR:PORT"},
    {"import", lw::cli::run_import_command, "read masscan, ZMap or Nmap results into the catalog"},
    {"export", lw::cli::run_export_command,
     "write services, observations or events as JSON Lines or CSV"},
    {"prune", lw::cli::run_prune_command,
     "drop observations older than --keep DAYS (never first, last, or events)"},
    {"config", lw::cli::run_config_command,
     "config check FILE: validate leakwatch serve's config (file, line, key, what is wrong)"},
    {"incidents", lw::cli::run_incidents_command,
     "incidents list|show|ack|close: the monitor's incidents and their timelines"},
    {"silences", lw::cli::run_silences_command,
     "silences add|list|expire: hold back the monitor's notifications until an expiry"},
    {"rescan", lw::cli::run_rescan_command,
     "queue an immediate scan of TARGET... for the running leakwatch serve"},
    {"outbox", lw::cli::run_outbox_command,
     "outbox list|requeue: the notifications waiting, and the dead letters"},
    {"serve", lw::cli::run_serve_command,
     "serve --config FILE [--once]: the monitoring daemon (scan, alert, deliver, remediate)"},
    {"api", lw::cli::run_api_command,
     "the REST API over a catalog (127.0.0.1:8642; TLS and tokens to listen elsewhere)"},
    {"token", lw::cli::run_token_command,
     "token create|list|revoke: the REST API's tokens and their roles"},
};

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "usage: leakwatch COMMAND [options]   (leakwatch COMMAND --help)\n\ncommands:\n");
  for (const auto& c : kCommands) {
    std::fprintf(out, "  %-10.*s %.*s\n", static_cast<int>(c.name.size()), c.name.data(),
                 static_cast<int>(c.summary.size()), c.summary.data());
  }
  std::fprintf(out, "  %-10s %s\n", "version", "print the version");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return lw::cli::kExitUsage;
  }
  const std::string_view name = argv[1];
  if (name == "-h" || name == "--help" || name == "help") {
    print_usage(stdout);
    return lw::cli::kExitOk;
  }
  if (name == "version" || name == "--version") {
    std::printf("leakwatch %s\n", LW_VERSION);
    return lw::cli::kExitOk;
  }
  for (const auto& c : kCommands) {
    if (c.name == name) return c.run(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "leakwatch: unknown command '%s'\n", argv[1]);
  print_usage(stderr);
  return lw::cli::kExitUsage;
}
