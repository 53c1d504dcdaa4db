#include "cli/scan_command.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <optional>
#include <random>
#include <thread>

#include "catalog/store.h"
#include "cli/duration.h"
#include "cli/exit_status.h"
#include "cli/known_services.h"
#include "cli/scan_output.h"
#include "cli/scan_setup.h"
#include "cli/syn_setup.h"
#include "core/bytes.h"
#include "net/discovery/resolver.h"
#include "pipeline/scan_runner.h"
#include "probes/registry.h"

namespace lw::cli {
namespace {

std::atomic<bool> g_interrupted{false};

// Control characters as \xNN (messages already escaped keep their text).
std::string printable_line(std::string_view text) {
  std::string out;
  for (char ch : text) append_control_escaped(out, ch);
  return out;
}

extern "C" void on_signal(int sig) {
  g_interrupted.store(true);
  // A second signal ends the process at once.
  std::signal(sig, SIG_DFL);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One line; whatever a file or an argument put into the message cannot steer the terminal.
int usage_error(const std::string& message) {
  std::fprintf(stderr, "leakwatch scan: %s\n", printable_line(message).c_str());
  return kExitUsage;
}

constexpr std::size_t kMaxSkippedScans = 1000;

// A stored scan's configuration, if it can run.
Result<pipeline::ScanConfig> stored_config(const catalog::ScanInfo& scan,
                                           const probes::ProbeList& probes) {
  auto parsed = nlohmann::json::parse(scan.config_json, nullptr, false);
  if (parsed.is_discarded()) {
    return fail(ErrorCode::invalid_argument, "its stored configuration is not JSON");
  }
  auto config = pipeline::scan_config_from_json(parsed);
  if (!config) return tl::unexpected(config.error());
  if (config->discovery == "syn") {
    return fail(ErrorCode::invalid_argument,
                "it used SYN discovery, whose found ports are not saved; start a new scan");
  }
  if (auto ok = check_runnable(*config, probes); !ok) return tl::unexpected(ok.error());
  return config;
}

void print_start(const pipeline::ScanConfig& c, const std::string& id, bool resumed,
                 const std::vector<std::string>& notes) {
  u128 addresses = 0;
  for (const auto& r : c.ranges) addresses += r.size();
  std::fprintf(
      stderr,
      "leakwatch scan %s%s: %s addresses x %zu ports, shard %u/%u, seed %llu\n"
      "  rate %.0f new connections/s, concurrency %u (%u per host), %u workers\n"
      "  timeouts: connect %lldms, read %lldms, banner %lldms, per service %lldms; "
      "reply cap %u bytes\n",
      id.c_str(), resumed ? " (resumed)" : "", decimal(addresses).c_str(), c.ports.size(),
      c.shard_index + 1, c.shard_count, static_cast<unsigned long long>(c.seed), c.rate,
      c.concurrency, c.per_host, c.workers, static_cast<long long>(c.connect_timeout.count()),
      static_cast<long long>(c.read_timeout.count()), static_cast<long long>(c.banner_wait.count()),
      static_cast<long long>(c.service_budget.count()), c.max_reply_bytes);
  for (const auto& n : notes) std::fprintf(stderr, "  %s\n", n.c_str());
}

void print_discovery(const discovery::syn::SynCounters& d) {
  const auto n = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
  std::fprintf(
      stderr,
      "  SYN discovery: %llu SYNs sent in %.2fs, %llu open, %llu closed, %llu duplicate answers, "
      "%llu known services closed or silent (probed to record them gone); "
      "%llu frames received, %llu with a bad cookie, %llu not ours; %llu dropped by the "
      "kernel (receive buffer full); %llu RSTs sent; waits: %llu link full, %llu probes "
      "behind, %llu queue full\n",
      n(d.sent), d.sending_seconds, n(d.open), n(d.closed), n(d.duplicates), n(d.followed_up),
      n(d.received), n(d.invalid_cookie), n(d.not_ours), n(d.kernel_dropped), n(d.resets_sent),
      n(d.send_stalls), n(d.sender_pauses), n(d.queue_waits));
}

}  // namespace

int run_scan_command(int argc, char** argv) {
  CLI::App app{
      "Find data services reachable without authentication and prove it with a "
      "harmless read.",
      "leakwatch scan"};
  ScanArguments a;
  add_scan_options(app, a);
  // nmap's -iL is two letters after one dash, which CLI11 does not parse as a short option.
  std::vector<std::string> args;
  for (int i = argc - 1; i >= 1; --i)
    args.emplace_back(std::string(argv[i]) == "-iL" ? "--input-list" : argv[i]);
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage_error(e.what());
  }
  a.resume = app.get_option("--resume")->count() > 0;

  const auto probes_all = probes::builtin_probes();
  const std::string db_path = a.db.empty() ? catalog::default_catalog_path() : a.db;
  pipeline::ScanConfig config;
  catalog::ScanInfo scan;
  std::vector<std::string> notes;
  // Bad targets or options stop here, before the catalog is touched.
  if (!a.resume) {
    auto built = build_scan_config(a, probes_all, discovery::system_resolve, notes);
    if (!built) return usage_error(built.error().describe());
    config = std::move(*built);
    scan.id = pipeline::new_scan_id();
    scan.config_json = pipeline::to_json(config).dump();
    scan.output_path = config.output_path;
    scan.started_ms = now_ms();
  }
  // The raw sockets are opened (and every capability dropped) before anything else is touched.
  std::optional<discovery::syn::SynScanner> syn;
  if (!a.resume && config.discovery == "syn") {
    auto opened = open_syn_discovery(config, notes);
    if (!opened) {
      if (opened.error().code == ErrorCode::io_error) {
        std::fprintf(stderr, "leakwatch scan: %s\n", opened.error().describe().c_str());
        return kExitFailure;
      }
      return usage_error(opened.error().describe());
    }
    syn.emplace(std::move(*opened));
  }
  pipeline::ScanHooks hooks;
  const bool progress = !a.quiet && !a.json && ::isatty(STDERR_FILENO);
  if (progress) {
    hooks.on_progress = [](const pipeline::ScanCounters& c) {
      std::fprintf(stderr, "\r%s\033[K", progress_line(c).c_str());
      std::fflush(stderr);
    };
  }
  if (a.json) {
    hooks.on_committed = [](const ServiceRecord&, std::string_view line) {
      std::fwrite(line.data(), 1, line.size(), stdout);
      std::fputc('\n', stdout);
    };
  }
  if (auto c = install_classifier(hooks, a); !c) {
    std::fprintf(stderr, "leakwatch scan: classifier: %s\n", c.error().describe().c_str());
    return kExitFailure;
  }

  auto store = catalog::open_store(db_path);
  if (!store) {
    std::fprintf(stderr, "leakwatch scan: catalog %s: %s\n", db_path.c_str(),
                 store.error().describe().c_str());
    return store.error().code == ErrorCode::invalid_argument ? kExitUsage : kExitFailure;
  }
  const bool resumed = a.resume;
  if (a.resume) {
    // The latest unfinished scan that can run. One that cannot (its stored configuration no
    // longer builds a target space) is marked failed, so it never blocks a later --resume.
    const std::optional<std::string> wanted =
        a.resume_id.empty() ? std::nullopt : std::optional(a.resume_id);
    for (std::size_t skipped = 0;; ++skipped) {
      auto found = (*store)->resumable_scan(wanted);
      if (!found) {
        std::fprintf(stderr, "leakwatch scan: catalog %s: %s\n", db_path.c_str(),
                     found.error().describe().c_str());
        return kExitFailure;
      }
      if (!*found) return usage_error("no interrupted scan to resume in " + db_path);
      if (skipped >= kMaxSkippedScans) {
        return usage_error("more than 1000 scans that cannot run in " + db_path);
      }
      auto runnable = stored_config(**found, probes_all);
      if (runnable) {
        scan = std::move(**found);
        config = std::move(*runnable);
        break;
      }
      if (auto m = (*store)->set_scan_status((*found)->id, catalog::ScanStatus::failed, now_ms());
          !m) {
        std::fprintf(stderr, "leakwatch scan: catalog %s: %s\n", db_path.c_str(),
                     m.error().describe().c_str());
        return kExitFailure;
      }
      if (wanted) {
        return usage_error("scan " + (*found)->id + " in " + db_path +
                           " cannot run (now marked failed): " + runnable.error().describe());
      }
      std::fprintf(stderr,
                   "leakwatch scan: skipping scan %s, which cannot run (now marked "
                   "failed): %s\n",
                   (*found)->id.c_str(), runnable.error().describe().c_str());
    }
  }

  auto selected = select_probes(probes_all, config.probes);
  if (!selected) return usage_error(selected.error().describe());

  auto seen = known_services(**store, config, notes);
  if (!seen) {
    std::fprintf(stderr, "leakwatch scan: catalog %s: %s\n", db_path.c_str(),
                 seen.error().describe().c_str());
    return kExitFailure;
  }
  hooks.seen_before = std::move(*seen);

  if (!a.quiet) print_start(config, scan.id, resumed, notes);
  if (!resumed) {
    if (auto b = (*store)->begin_scan(scan); !b) {
      std::fprintf(stderr, "leakwatch scan: catalog %s: %s\n", db_path.c_str(),
                   b.error().describe().c_str());
      return kExitFailure;
    }
  } else if (auto s = (*store)->set_scan_status(scan.id, catalog::ScanStatus::running, now_ms());
             !s) {
    std::fprintf(stderr, "leakwatch scan: catalog: %s\n", s.error().describe().c_str());
    return kExitFailure;
  }

  g_interrupted.store(false);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  auto result = pipeline::run_scan(config, scan, **store, *selected, hooks, g_interrupted,
                                   syn ? &*syn : nullptr);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (progress) std::fputc('\n', stderr);
  std::fflush(stdout);

  if (!result) {
    std::fprintf(stderr, "leakwatch scan: %s\n", result.error().describe().c_str());
    (void)(*store)->set_scan_status(scan.id, catalog::ScanStatus::interrupted, now_ms());
    std::fprintf(stderr,
                 "leakwatch scan: progress is saved; `leakwatch scan --resume%s` continues\n",
                 a.db.empty() ? "" : (" --db " + a.db).c_str());
    return kExitFailure;
  }
  const auto& c = result->counters;
  if (result->interrupted) {
    (void)(*store)->set_scan_status(scan.id, catalog::ScanStatus::interrupted, now_ms());
    std::fprintf(stderr,
                 "leakwatch scan %s interrupted after %llu targets; `leakwatch scan --resume%s` "
                 "finishes it\n",
                 scan.id.c_str(), static_cast<unsigned long long>(c.targets_done),
                 a.db.empty() ? "" : (" --db " + a.db).c_str());
    return kExitInterrupted;
  }
  if (auto s = (*store)->set_scan_status(scan.id, catalog::ScanStatus::done, now_ms()); !s) {
    std::fprintf(stderr, "leakwatch scan: catalog: %s\n", s.error().describe().c_str());
    return kExitFailure;
  }
  if (!a.quiet) {
    std::fprintf(stderr,
                 "leakwatch scan %s done: %llu targets, %llu open ports, %llu services open "
                 "without authentication, %.1fs\n",
                 scan.id.c_str(), static_cast<unsigned long long>(c.targets_done),
                 static_cast<unsigned long long>(c.ports_open),
                 static_cast<unsigned long long>(c.services_open), c.elapsed_s);
  }
  if (!a.quiet && result->discovery) print_discovery(*result->discovery);
  if (!a.json) {
    auto records = (*store)->scan_records(scan.id);
    if (!records) {
      std::fprintf(stderr, "leakwatch scan: catalog: %s\n", records.error().describe().c_str());
      return kExitFailure;
    }
    print_findings_table(stdout, std::move(*records));
  }
  return kExitOk;
}

}  // namespace lw::cli
