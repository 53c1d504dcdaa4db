#include "cli/incidents_command.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "catalog/export/export.h"
#include "catalog/monitor/monitor_store.h"
#include "cli/catalog_open.h"
#include "cli/exit_status.h"
#include "cli/monitor_cli.h"
#include "cli/option_checks.h"
#include "core/bytes.h"

namespace lw::cli {
namespace {

constexpr const char* kName = "incidents";

nlohmann::json optional_ms(const std::optional<std::int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

std::string service_text(const catalog::IncidentRow& r) {
  const bool v6 = r.address.find(':') != std::string::npos;
  return (v6 ? "[" + r.address + "]" : r.address) + ":" + std::to_string(r.port);
}

// The exposure being followed: from first seen open to remediated (or closed, or now).
std::pair<std::int64_t, bool> exposure_window(const catalog::IncidentRow& r, std::int64_t now) {
  if (r.remediated_ms) return {*r.remediated_ms - r.exposed_since_ms, true};
  if (r.closed_ms) return {*r.closed_ms - r.exposed_since_ms, true};
  return {now - r.exposed_since_ms, false};
}

nlohmann::json incident_json(const catalog::IncidentRow& r, std::int64_t now) {
  const auto [window, ended] = exposure_window(r, now);
  nlohmann::json j{{"id", r.id},
                   {"service", service_text(r)},
                   {"address", r.address},
                   {"port", r.port},
                   {"transport", r.transport},
                   {"asset", r.asset},
                   {"state", r.state},
                   {"severity", r.severity},
                   {"first_seen_ms", r.exposed_since_ms},
                   {"opened_ms", r.opened_ms},
                   {"acknowledged_ms", optional_ms(r.acknowledged_ms)},
                   {"remediated_ms", optional_ms(r.remediated_ms)},
                   {"closed_ms", optional_ms(r.closed_ms)},
                   {"reopened_count", r.reopened_count},
                   {"alert_ids", r.alert_ids},
                   {"last_event_ms", r.last_event_ms},
                   {"exposure_ms", window},
                   {"exposure_ended", ended}};
  if (!r.timeline.empty()) {
    auto& t = j["timeline"] = nlohmann::json::array();
    for (const auto& e : r.timeline) {
      t.push_back(
          {{"time_ms", e.time_ms}, {"kind", e.kind}, {"actor", e.actor}, {"detail", e.detail}});
    }
  }
  return j;
}

int list(catalog::MonitorStore& store, const catalog::IncidentFilter& filter, bool json) {
  auto rows = store.list_incidents(filter);
  if (!rows) return report_failure(kName, rows.error());
  const auto now = wall_clock_ms();
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : *rows) out.push_back(incident_json(r, now));
    std::cout << nlohmann::json{{"incidents", out}}.dump() << '\n';
    return kExitOk;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& r : *rows) {
    table.push_back({std::to_string(r.id), r.state, r.severity.empty() ? "-" : r.severity,
                     service_text(r), r.asset.empty() ? "-" : r.asset, time_or_dash(r.opened_ms),
                     span_text(exposure_window(r, now).first), std::to_string(r.reopened_count)});
  }
  std::cout << catalog::render_table(
      {"ID", "STATE", "SEVERITY", "SERVICE", "ASSET", "OPENED", "EXPOSED", "REOPENED"}, table);
  std::cout << rows->size() << (rows->size() == 1 ? " incident\n" : " incidents\n");
  return kExitOk;
}

int show(catalog::MonitorStore& store, std::int64_t id, bool json) {
  auto r = store.get_incident(id);
  if (!r) return report_failure(kName, r.error());
  const auto now = wall_clock_ms();
  // MTTD/MTTR of the incident's asset over every exposure the catalog holds.
  std::optional<catalog::AssetMetrics> metrics;
  std::string metrics_note;
  if (!r->asset.empty()) {
    auto m = store.asset_metrics(0, now + 1, catalog::kMaxListLimit);
    if (!m) {
      metrics_note = m.error().message;
    } else {
      for (const auto& a : *m) {
        if (a.asset == r->asset) metrics = a;
      }
    }
  }
  if (json) {
    auto j = incident_json(*r, now);
    if (metrics) {
      j["asset_metrics"] = {{"exposures", metrics->exposures},
                            {"remediated", metrics->remediated},
                            {"mttd_ms", metrics->mttd_ms},
                            {"mttr_ms", metrics->mttr_ms},
                            {"max_exposure_ms", metrics->max_exposure_ms}};
    }
    std::cout << j.dump() << '\n';
    return kExitOk;
  }
  const auto [window, ended] = exposure_window(*r, now);
  std::cout << "incident " << r->id << ": " << service_text(*r) << " (" << r->transport << ")"
            << (r->asset.empty() ? "" : ", asset " + r->asset) << "\n"
            << "  state         " << r->state << "\n"
            << "  severity      " << (r->severity.empty() ? "-" : r->severity) << "\n"
            << "  first seen    " << time_or_dash(r->exposed_since_ms) << "\n"
            << "  alerted       " << time_or_dash(r->opened_ms) << "\n"
            << "  acknowledged  " << time_or_dash(r->acknowledged_ms) << "\n"
            << "  remediated    " << time_or_dash(r->remediated_ms) << "\n"
            << "  closed        " << time_or_dash(r->closed_ms) << "\n"
            << "  reopened      " << r->reopened_count << " times\n"
            << "  exposure      " << span_text(window) << (ended ? "" : " so far") << "\n";
  if (metrics) {
    std::cout << "  asset " << r->asset << ": " << metrics->exposures << " exposures, "
              << metrics->remediated << " remediated, MTTD " << span_text(metrics->mttd_ms)
              << ", MTTR " << (metrics->remediated ? span_text(metrics->mttr_ms) : std::string("-"))
              << "\n";
  } else if (!metrics_note.empty()) {
    std::cout << "  asset metrics: " << metrics_note << "\n";
  }
  std::cout << "\ntimeline:\n";
  for (const auto& e : r->timeline) {
    std::cout << "  " << catalog::short_time(e.time_ms) << "  " << e.kind
              << (e.actor.empty() ? "" : " by " + printable(e.actor, 128)) << "  "
              << e.detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  return kExitOk;
}

}  // namespace

int run_incidents_command(int argc, char** argv) {
  CLI::App app{
      "The monitor's incidents, one per exposed service: open, acknowledged, remediated, "
      "closed. An incident becomes remediated only when a rescan proves the service no longer "
      "open; no command sets it by hand. An exposure that returns reopens the incident.",
      "leakwatch incidents"};
  auto* list_cmd =
      app.add_subcommand("list",
                         "list [--state open|acknowledged|remediated|closed] [--asset NAME] "
                         "[--limit N] [--json]: incidents, newest activity first");
  catalog::IncidentFilter filter;
  bool json = false;
  list_cmd->add_option("--state", filter.state, "only this state")
      ->check(CLI::IsMember({"open", "acknowledged", "remediated", "closed"}));
  list_cmd->add_option("--asset", filter.asset, "only this asset (its name in the config)");
  list_cmd->add_option("--limit", filter.limit, "at most N incidents (default 100)")
      ->check(plain_number())
      ->check(CLI::Range(std::size_t{1}, catalog::kMaxListLimit));
  list_cmd->add_flag("--json", json, "one JSON document");
  std::string id_text;
  auto* show_cmd = app.add_subcommand(
      "show",
      "show ID [--json]: one incident, its timeline (first seen, alerted, acknowledged, "
      "remediated, closed), reopen count, exposure window, and the MTTD/MTTR of its asset");
  show_cmd->add_option("id", id_text, "incident id")->required();
  show_cmd->add_flag("--json", json, "one JSON document");
  std::string by;
  auto* ack_cmd = app.add_subcommand("ack",
                                     "ack ID [--by NAME] [--comment TEXT]: acknowledge an open "
                                     "incident (someone is on it; alerts still fire)");
  auto* close_cmd = app.add_subcommand("close",
                                       "close ID [--by NAME] [--comment TEXT]: close an incident "
                                       "that is open, acknowledged or remediated");
  std::string comment;
  for (auto* c : {ack_cmd, close_cmd}) {
    c->add_option("id", id_text, "incident id")->required();
    c->add_option("--by", by, "who does it (default: $USER)");
    c->add_option("--comment", comment, "a note kept in the incident's timeline (at most 8 KiB)");
  }
  std::string db;
  add_db_option(app, db);
  if (auto done = parse_with_subcommands(app, argc, argv, kName)) return *done;
  std::int64_t id = 0;
  if (!list_cmd->parsed()) {
    auto parsed = parse_row_id(id_text, "incident id");
    if (!parsed) return report_failure(kName, parsed.error());
    id = *parsed;
  }
  auto store = open_existing_monitor_store(db);
  if (!store) return report_failure(kName, store.error());
  if (list_cmd->parsed()) return list(**store, filter, json);
  if (show_cmd->parsed()) return show(**store, id, json);
  if (by.empty()) by = default_actor();
  const auto now = wall_clock_ms();
  auto r = ack_cmd->parsed() ? (*store)->acknowledge(id, by, comment, now)
                             : (*store)->close_incident(id, by, comment, now);
  if (!r) return report_failure(kName, r.error());
  std::cout << "incident " << r->id << " (" << service_text(*r) << ") is " << r->state << "\n";
  return kExitOk;
}

}  // namespace lw::cli
