#include "cli/rescan_command.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "catalog/monitor/monitor_store.h"
#include "cli/catalog_open.h"
#include "cli/exit_status.h"
#include "cli/monitor_cli.h"
#include "cli/option_checks.h"
#include "core/address.h"
#include "core/bytes.h"
#include "monitor/rules.h"
#include "net/discovery/resolver.h"
#include "net/discovery/target_set.h"

namespace lw::cli {
namespace {

constexpr const char* kName = "rescan";
constexpr std::size_t kMaxRescanTargets = 1000;

// A target as the daemon's rescan queue holds it: what `scan` takes (an address, a CIDR block, a
// range, a host name), or ADDRESS:PORT / [IPv6]:PORT for one service. Checked with scan's own
// parser (loopback and private addresses allowed: they are named explicitly); an address is
// written canonically, so "127.0.0.5" typed twice is one request.
Result<std::string> queue_target(const std::string& token, std::size_t index) {
  std::string address = token;
  std::uint16_t port = 0;
  const bool with_port = split_endpoint(token, address, port);
  if (with_port && port == 0) {
    return fail(ErrorCode::invalid_argument,
                "target '" + printable(token) + "': port 0 is not a service port",
                "argument " + std::to_string(index));
  }
  discovery::TargetSetBuilder builder({true, true}, discovery::system_resolve);
  if (auto ok = builder.include({address, "argument " + std::to_string(index)}); !ok) {
    return tl::unexpected(ok.error());
  }
  auto parsed = Address::parse(address);
  const std::string host = parsed ? parsed->to_string() : address;
  return with_port ? monitor::service_key(host, port) : host;
}

}  // namespace

int run_rescan_command(int argc, char** argv) {
  CLI::App app{
      "Ask the running daemon (leakwatch serve, on the same catalog) for an immediate "
      "scan of each target, ahead of its sweeps. A target already waiting in the queue "
      "is not queued twice.",
      "leakwatch rescan"};
  std::vector<std::string> targets;
  std::string db, reason;
  app.add_option("targets", targets,
                 "address, CIDR block, range, host name (as scan takes them), or ADDRESS:PORT "
                 "for one service (at most 1000)")
      ->required();
  app.add_option("--db", db, "catalog: a SQLite path or a postgresql:// URL");
  app.add_option("--reason", reason, "why, kept with the request (default: requested by $USER)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return parse_error_status(app, e, kName);
  }
  if (targets.size() > kMaxRescanTargets) {
    std::fprintf(stderr, "leakwatch %s: %zu targets; at most %zu at once\n", kName, targets.size(),
                 kMaxRescanTargets);
    return kExitUsage;
  }
  // Every target is checked before anything is queued.
  std::vector<std::string> queue;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    auto t = queue_target(targets[i], i + 1);
    if (!t) return report_failure(kName, t.error());
    queue.push_back(std::move(*t));
  }
  if (reason.empty()) reason = "requested by " + default_actor();
  auto store = open_existing_monitor_store(db);
  if (!store) return report_failure(kName, store.error());
  const auto now = wall_clock_ms();
  for (const auto& target : queue) {
    auto before = (*store)->pending_rescans();
    if (!before) return report_failure(kName, before.error());
    auto id = (*store)->enqueue_rescan(target, reason, now);
    if (!id) return report_failure(kName, id.error());
    auto after = (*store)->pending_rescans();
    if (!after) return report_failure(kName, after.error());
    if (*after > *before) {
      std::cout << "queued " << target << " (request " << *id << ")\n";
    } else {
      std::cout << "already waiting: " << target << " (request " << *id << "), not queued again\n";
    }
  }
  return kExitOk;
}

}  // namespace lw::cli
