#include "cli/outbox_command.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "catalog/export/export.h"
#include "catalog/monitor/monitor_store.h"
#include "cli/catalog_open.h"
#include "cli/exit_status.h"
#include "cli/monitor_cli.h"
#include "core/bytes.h"

namespace lw::cli {
namespace {

constexpr const char* kName = "outbox";

int list(catalog::MonitorStore& store, bool dead_only, bool json) {
  auto depth = store.outbox_depth();
  if (!depth) return report_failure(kName, depth.error());
  auto dead = store.list_dead(catalog::kMaxListLimit);
  if (!dead) return report_failure(kName, dead.error());
  if (json) {
    nlohmann::json letters = nlohmann::json::array();
    for (const auto& r : *dead) {
      letters.push_back({{"id", r.id},
                         {"channel", r.channel},
                         {"idempotency_key", r.idempotency_key},
                         {"alert_ids", r.alert_ids},
                         {"tries", r.tries},
                         {"last_error", r.last_error},
                         {"created_ms", r.created_ms}});
    }
    nlohmann::json out{{"dead_letters", letters}};
    if (!dead_only) out["depth"] = {{"pending", depth->pending}, {"dead", depth->dead}};
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return kExitOk;
  }
  if (!dead_only) {
    std::cout << "pending " << depth->pending << ", dead " << depth->dead << "\n\n";
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& r : *dead) {
    table.push_back({std::to_string(r.id), printable(r.channel, 64), std::to_string(r.tries),
                     catalog::short_time(r.created_ms), printable(r.last_error, 120)});
  }
  std::cout << catalog::render_table({"ID", "CHANNEL", "TRIES", "CREATED", "LAST ERROR"}, table);
  std::cout << dead->size() << (dead->size() == 1 ? " dead letter\n" : " dead letters\n");
  return kExitOk;
}

}  // namespace

int run_outbox_command(int argc, char** argv) {
  CLI::App app{
      "The notification outbox of leakwatch serve: how many notifications wait, and "
      "the dead letters (a notification given up after its last try; docs/serve.md "
      "gives the number of tries), which requeue sends again.",
      "leakwatch outbox"};
  bool dead_only = false, json = false;
  auto* list_cmd = app.add_subcommand("list",
                                      "list [--dead] [--json]: depth per state (pending, dead), "
                                      "then the dead letters: channel, tries, last error");
  list_cmd->add_flag("--dead", dead_only, "the dead letters only");
  list_cmd->add_flag("--json", json, "one JSON document");
  std::string id_text;
  auto* requeue_cmd = app.add_subcommand(
      "requeue", "requeue ID: a dead letter back to pending, due now, its tries reset");
  requeue_cmd->add_option("id", id_text, "dead letter id (outbox list shows it)")->required();
  std::string db;
  add_db_option(app, db);
  if (auto done = parse_with_subcommands(app, argc, argv, kName)) return *done;
  std::int64_t id = 0;
  if (requeue_cmd->parsed()) {
    auto parsed = parse_row_id(id_text, "dead letter id");
    if (!parsed) return report_failure(kName, parsed.error());
    id = *parsed;
  }
  auto store = open_existing_monitor_store(db);
  if (!store) return report_failure(kName, store.error());
  if (list_cmd->parsed()) return list(**store, dead_only, json);
  auto r = (*store)->requeue_dead(id, wall_clock_ms());
  if (!r) return report_failure(kName, r.error());
  std::cout << "dead letter " << id << " requeued: pending, due now\n";
  return kExitOk;
}

}  // namespace lw::cli
