#include "cli/config_command.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "cli/exit_status.h"
#include "cli/option_checks.h"
#include "monitor/config.h"
#include "monitor/daemon/sweep_discovery.h"

namespace lw::cli {

int run_config_command(int argc, char** argv) {
  CLI::App app{"leakwatch serve's configuration (docs/serve.md)", "leakwatch config"};
  app.require_subcommand(1);
  std::string file;
  auto* check = app.add_subcommand(
      "check", "validate a config: one line naming the file, line, key and what is wrong");
  check->add_option("FILE", file, "the YAML config (at most 1 MiB)")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return parse_error_status(app, e, "config");
  }
  // Host names among the assets' targets resolve as `scan` resolves them; secrets named by
  // secret_file:/secret_env: are read (their values are never printed).
  auto config = monitor::load_config(file);
  if (!config) {
    std::fprintf(stderr, "leakwatch config check: %s\n", config.error().describe().c_str());
    return kExitUsage;
  }
  // `discovery: syn` needs CAP_NET_RAW where the daemon runs: the unit's ExecStartPre runs this
  // check with the daemon's capabilities.
  if (auto ok =
          monitor::daemon::check_syn_available(*config, monitor::daemon::net_raw_missing_reason());
      !ok) {
    std::fprintf(stderr, "leakwatch config check: %s\n", ok.error().describe().c_str());
    return kExitUsage;
  }
  std::printf("%s: valid: %s\n", file.c_str(), monitor::summarize(*config).c_str());
  return kExitOk;
}

}  // namespace lw::cli
