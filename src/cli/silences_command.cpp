#include "cli/silences_command.h"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdio>
#include <iostream>

#include "catalog/export/export.h"
#include "catalog/monitor/monitor_store.h"
#include "cli/catalog_open.h"
#include "cli/exit_status.h"
#include "cli/monitor_cli.h"
#include "core/address.h"
#include "core/bytes.h"
#include "monitor/rules.h"

namespace lw::cli {
namespace {

constexpr const char* kName = "silences";
constexpr std::int64_t kMaxSilenceMs = 366LL * 86'400'000;  // a year and a day

// "90m", "8h", "7d", "45s": a whole number and a unit, up to a year.
Result<std::int64_t> parse_silence_length(std::string_view text) {
  const auto bad = [&] {
    return fail(ErrorCode::invalid_argument, "--for '" + printable(text) +
                                                 "' is not a duration such as 90m, 8h or 7d " +
                                                 "(s, m, h, d; from 1s to 366d)");
  };
  if (text.size() < 2 || text.size() > 12) return bad();
  std::int64_t unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1000;
      break;
    case 'm':
      unit = 60'000;
      break;
    case 'h':
      unit = 3'600'000;
      break;
    case 'd':
      unit = 86'400'000;
      break;
    default:
      return bad();
  }
  std::int64_t n = 0;
  const auto* last = text.data() + text.size() - 1;
  const auto [end, ec] = std::from_chars(text.data(), last, n);
  if (ec != std::errc{} || end != last || text.front() == '-' || n < 1 ||
      n > kMaxSilenceMs / unit) {
    return bad();
  }
  return n * unit;
}

// --until as the monitor reads ISO 8601 times: "2026-12-08T09:00:00Z" (UTC).
Result<std::int64_t> parse_until(std::string_view text) {
  if (auto ms = monitor::parse_iso8601_ms(text)) return *ms;
  return fail(ErrorCode::invalid_argument, "--until '" + printable(text) +
                                               "' is not an ISO-8601 UTC time such as " +
                                               "2026-12-08T09:00:00Z");
}

// --service as the silences match it: the address canonical, IPv6 bracketed.
Result<std::string> parse_service(const std::string& text) {
  std::string address;
  std::uint16_t port = 0;
  Result<Address> a = fail(ErrorCode::invalid_argument, "");
  if (!split_endpoint(text, address, port) || port == 0 || !(a = Address::parse(address))) {
    return fail(ErrorCode::invalid_argument,
                "--service '" + printable(text) + "' is not ADDRESS:PORT or [IPv6]:PORT");
  }
  return monitor::service_key(a->to_string(), port);
}

nlohmann::json silence_json(const catalog::SilenceRow& s, std::int64_t now) {
  return {{"id", s.id},         {"asset", s.asset},           {"service", s.service},
          {"rule", s.rule},     {"created_ms", s.created_ms}, {"expires_ms", s.expires_ms},
          {"author", s.author}, {"comment", s.comment},       {"active", s.expires_ms > now}};
}

int list(catalog::MonitorStore& store, bool all, bool json) {
  const auto now = wall_clock_ms();
  auto rows = store.list_silences(all, now, catalog::kMaxListLimit);
  if (!rows) return report_failure(kName, rows.error());
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : *rows) out.push_back(silence_json(s, now));
    std::cout << nlohmann::json{{"silences", out}}.dump() << '\n';
    return kExitOk;
  }
  const auto any = [](const std::string& v) { return v.empty() ? std::string("*") : v; };
  std::vector<std::vector<std::string>> table;
  for (const auto& s : *rows) {
    table.push_back({std::to_string(s.id), any(s.asset), any(s.service), any(s.rule),
                     catalog::short_time(s.expires_ms) + (s.expires_ms > now ? "" : " (expired)"),
                     printable(s.author, 64), printable(s.comment, 80)});
  }
  std::cout << catalog::render_table({"ID", "ASSET", "SERVICE", "RULE", "EXPIRES", "BY", "COMMENT"},
                                     table);
  std::cout << rows->size() << (all ? " silence" : " active silence")
            << (rows->size() == 1 ? "\n" : "s\n");
  return kExitOk;
}

}  // namespace

int run_silences_command(int argc, char** argv) {
  CLI::App app{
      "Silences: hold back the notifications of the alerts they match (the alerts are "
      "still recorded) until they expire. A silence matches on asset, service and "
      "rule; a field left out matches any.",
      "leakwatch silences"};
  catalog::SilenceRow row;
  std::string service, length, until;
  auto* add_cmd = app.add_subcommand(
      "add",
      "add (--asset NAME | --service ADDRESS:PORT | --rule NAME)... (--for 8h | --until "
      "2026-12-08T09:00:00Z) [--by NAME] [--comment TEXT]: a silence, with at least one matcher");
  add_cmd->add_option("--asset", row.asset, "the asset's name in the config");
  add_cmd->add_option("--service", service, "ADDRESS:PORT or [IPv6]:PORT");
  add_cmd->add_option("--rule", row.rule, "the alert rule's name in the config");
  add_cmd->add_option("--for", length, "how long: 90m, 8h, 7d (at most 366d)");
  add_cmd->add_option("--until", until, "until this UTC time, ISO 8601: 2026-12-08T09:00:00Z");
  add_cmd->add_option("--by", row.author, "who adds it (default: $USER)");
  add_cmd->add_option("--comment", row.comment, "why (at most 8192 bytes)");
  bool all = false, json = false;
  auto* list_cmd = app.add_subcommand(
      "list", "list [--all] [--json]: the active silences, oldest first (--all: the expired too)");
  list_cmd->add_flag("--all", all, "the expired ones too");
  list_cmd->add_flag("--json", json, "one JSON document");
  std::string id_text;
  auto* expire_cmd = app.add_subcommand("expire", "expire ID: end a silence now");
  expire_cmd->add_option("id", id_text, "silence id")->required();
  std::string db;
  add_db_option(app, db);
  if (auto done = parse_with_subcommands(app, argc, argv, kName)) return *done;
  const auto now = wall_clock_ms();
  std::int64_t id = 0;
  if (add_cmd->parsed()) {
    if (row.asset.empty() && service.empty() && row.rule.empty()) {
      std::fprintf(
          stderr, "leakwatch %s: a silence needs a matcher: --asset, --service or --rule\n", kName);
      return kExitUsage;
    }
    if (length.empty() == until.empty()) {
      std::fprintf(stderr, "leakwatch %s: a silence needs one end: --for or --until\n", kName);
      return kExitUsage;
    }
    if (!service.empty()) {
      auto s = parse_service(service);
      if (!s) return report_failure(kName, s.error());
      row.service = *s;
    }
    auto end = length.empty()
                   ? parse_until(until)
                   : parse_silence_length(length).map([&](std::int64_t ms) { return now + ms; });
    if (!end) return report_failure(kName, end.error());
    if (*end <= now) {
      std::fprintf(stderr, "leakwatch %s: --until '%s' is in the past\n", kName,
                   printable(until).c_str());
      return kExitUsage;
    }
    row.created_ms = now;
    row.expires_ms = *end;
    if (row.author.empty()) row.author = default_actor();
  } else if (expire_cmd->parsed()) {
    auto parsed = parse_row_id(id_text, "silence id");
    if (!parsed) return report_failure(kName, parsed.error());
    id = *parsed;
  }
  auto store = open_existing_monitor_store(db);
  if (!store) return report_failure(kName, store.error());
  if (list_cmd->parsed()) return list(**store, all, json);
  if (add_cmd->parsed()) {
    auto added = (*store)->add_silence(row);
    if (!added) return report_failure(kName, added.error());
    std::cout << "silence " << *added << " added, until " << catalog::short_time(row.expires_ms)
              << " UTC\n";
    return kExitOk;
  }
  auto expired = (*store)->expire_silence(id, now);
  if (!expired) return report_failure(kName, expired.error());
  std::cout << "silence " << id << " expired\n";
  return kExitOk;
}

}  // namespace lw::cli
