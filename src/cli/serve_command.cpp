#include "cli/serve_command.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/live_status.h"
#include "cli/exit_status.h"
#include "cli/option_checks.h"
#include "cli/serve_api.h"
#include "monitor/config.h"
#include "monitor/daemon/daemon.h"
#include "monitor/daemon/signals.h"
#include "monitor/daemon/sweep_discovery.h"

namespace lw::cli {

int run_serve_command(int argc, char** argv) {
  CLI::App app{"watch the networks a config declares, alert, and follow each exposure to its fix",
               "leakwatch serve"};
  monitor::daemon::DaemonOptions options;
  app.add_option("--config", options.config_path, "the YAML config (docs/serve.md)")->required();
  app.add_flag("--once", options.once,
               "run one plan (everything due now), evaluate, deliver what is due once, and exit");
  app.add_option("--key-file", options.key_file,
                 "per-installation key for hashing sensitive values (as scan's)");
  bool no_pattern_cache = false;
  app.add_flag("--no-pattern-cache", no_pattern_cache,
               "compile the classifier's rule database afresh; never use the on-disk cache");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return parse_error_status(app, e, "serve");
  }
  options.pattern_cache = !no_pattern_cache;
  // Under systemd (StateDirectory=) the daemon's key lives with its state, where it may write.
  if (const char* state = std::getenv("STATE_DIRECTORY");
      options.key_file.empty() && state != nullptr && *state != '\0' &&
      std::string_view(state).find(':') == std::string_view::npos) {
    options.key_file = std::string(state) + "/key";
  }
  auto config = monitor::load_config(options.config_path);
  if (!config) {
    std::fprintf(stderr, "leakwatch serve: %s\n", config.error().describe().c_str());
    return kExitUsage;
  }
  // SYN discovery's raw sockets are opened, and CAP_NET_RAW dropped, before any thread starts
  // (capabilities are per thread; the API's and the lanes' inherit the reduced sets).
  auto discovery = monitor::daemon::SweepDiscovery::open(*config);
  if (!discovery) {
    std::fprintf(stderr, "leakwatch serve: %s\n", discovery.error().describe().c_str());
    return discovery.error().code == ErrorCode::unsupported ? kExitUsage : kExitFailure;
  }
  options.discovery = discovery->get();
  auto live = std::make_shared<api::LiveStatus>();
  options.on_config = [live](std::shared_ptr<const monitor::Config> c) {
    live->set_config(std::move(c));
  };
  options.on_scan_progress = [live](const monitor::ScanProgress& p) { live->report(p); };
  auto api = ServeApi::start(*config, live);
  if (!api) {
    std::fprintf(stderr, "leakwatch serve: api: %s\n", api.error().describe().c_str());
    return api.error().code == ErrorCode::invalid_argument ? kExitUsage : kExitFailure;
  }
  monitor::daemon::Logger log(config->log_format);
  if (!monitor::daemon::Signals::install()) {
    std::fprintf(stderr, "leakwatch serve: cannot set up signal handling\n");
    return kExitFailure;
  }
  notify::LiveNotifier notifier;
  auto result = monitor::daemon::run_daemon(std::move(*config), options, log, notifier);
  if (!result) {
    log.error("failed", {{"error", result.error().describe()}});
    std::fflush(stderr);
    // A lane may still be running after a failure: end here, as after a stop.
    std::_Exit(kExitFailure);
  }
  std::fflush(stdout);
  std::fflush(stderr);
  // A lane that did not end within the grace still runs on the daemon's memory: the process
  // ends without destructors; the catalog holds what it committed, as after a kill.
  if (result->abandoned) std::_Exit(kExitOk);
  monitor::daemon::Signals::uninstall();
  return kExitOk;
}

}  // namespace lw::cli
