#include "cli/token_command.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "api/token.h"
#include "catalog/export/export.h"
#include "catalog/tokens/token_store.h"
#include "cli/catalog_open.h"
#include "cli/exit_status.h"
#include "cli/monitor_cli.h"
#include "core/bytes.h"

namespace lw::cli {
namespace {

constexpr const char* kName = "token";

int create(catalog::TokenStore& store, const std::string& name, const std::string& role) {
  auto token = api::generate_token();
  if (!token) return report_failure(kName, token.error());
  auto id = store.create_token(
      {0, name, role, api::hash_token(*token), wall_clock_ms(), std::nullopt, std::nullopt});
  if (!id) return report_failure(kName, id.error());
  // The token goes to stdout alone, so `TOKEN=$(leakwatch token create ...)` captures it.
  std::printf("%s\n", token->c_str());
  std::fprintf(stderr,
               "leakwatch token: created token %lld '%s' (%s). It is shown only now; the catalog "
               "keeps its SHA-256 alone.\n",
               static_cast<long long>(*id), printable(name, 128).c_str(), role.c_str());
  return kExitOk;
}

int list(catalog::TokenStore& store, bool json) {
  auto rows = store.list_tokens();
  if (!rows) return report_failure(kName, rows.error());
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : *rows) {
      out.push_back({{"id", t.id},
                     {"name", t.name},
                     {"role", t.role},
                     {"created_ms", t.created_ms},
                     {"last_used_ms", t.last_used_ms ? nlohmann::json(*t.last_used_ms) : nullptr},
                     {"revoked_ms", t.revoked_ms ? nlohmann::json(*t.revoked_ms) : nullptr}});
    }
    std::cout << nlohmann::json{{"tokens", out}}.dump() << '\n';
    return kExitOk;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& t : *rows) {
    table.push_back({std::to_string(t.id), printable(t.name, 64), t.role,
                     time_or_dash(t.created_ms), time_or_dash(t.last_used_ms),
                     t.revoked_ms ? time_or_dash(t.revoked_ms) : "-"});
  }
  std::cout << catalog::render_table({"ID", "NAME", "ROLE", "CREATED", "LAST USED", "REVOKED"},
                                     table);
  std::cout << rows->size() << (rows->size() == 1 ? " token\n" : " tokens\n");
  return kExitOk;
}

}  // namespace

int run_token_command(int argc, char** argv) {
  CLI::App app{
      "The REST API's tokens (docs/api.md): each has a name and a role (viewer reads; "
      "responder also acknowledges, closes, silences and rescans; admin may do all). "
      "The catalog keeps only a token's SHA-256.",
      "leakwatch token"};
  std::string name, role, which;
  bool json = false;
  auto* create_cmd = app.add_subcommand(
      "create", "create --name NAME --role viewer|responder|admin: prints the new token once");
  create_cmd->add_option("--name", name, "a name for people (unique; at most 512 bytes)")
      ->required();
  create_cmd->add_option("--role", role, "viewer, responder or admin")
      ->required()
      ->check(CLI::IsMember({"viewer", "responder", "admin"}));
  auto* list_cmd = app.add_subcommand("list", "list [--json]: every token, revoked ones too");
  list_cmd->add_flag("--json", json, "one JSON document");
  auto* revoke_cmd =
      app.add_subcommand("revoke", "revoke NAME-or-ID: the token stops working at once");
  revoke_cmd->add_option("token", which, "the token's name or id")->required();
  std::string db;
  add_db_option(app, db);
  if (auto done = parse_with_subcommands(app, argc, argv, kName)) return *done;
  auto store = open_existing_token_store(db);
  if (!store) return report_failure(kName, store.error());
  if (create_cmd->parsed()) return create(**store, name, role);
  if (list_cmd->parsed()) return list(**store, json);
  auto r = (*store)->revoke_token(which, wall_clock_ms());
  if (!r) return report_failure(kName, r.error());
  std::cout << "token " << r->id << " '" << printable(r->name, 128) << "' is revoked\n";
  return kExitOk;
}

}  // namespace lw::cli
