#include "lint/redis/redis_rules.h"

#include <array>
#include <string>

#include "lint/conf/kv_parser.h"
#include "lint/exposure.h"
#include "lint/json_adapter.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

constexpr std::array<std::string_view, 8> kDangerous{"FLUSHALL", "FLUSHDB",  "CONFIG", "DEBUG",
                                                     "KEYS",     "SHUTDOWN", "MODULE", "EVAL"};

struct RedisFacts {
  const KvEntry* bind = nullptr;  // last bind line; nullptr: listens on every interface
  const KvEntry* protected_mode = nullptr;
  bool has_password = false;
  bool exposed = false;
  bool binds_all = false;
};

// A "user" line protects the default user when it turns it off or gives it a password
// (">secret" or "#sha256"); "nopass" leaves it open.
bool default_user_protected(const KvEntry& user) {
  if (user.args.empty() || !iequals(user.args[0], "default")) return false;
  bool off = false;
  bool password = false;
  bool nopass = false;
  for (std::size_t i = 1; i < user.args.size(); ++i) {
    const std::string& a = user.args[i];
    if (iequals(a, "off")) off = true;
    if (iequals(a, "on")) off = false;
    if (iequals(a, "nopass")) nopass = true;
    if (iequals(a, "resetpass")) password = false;
    if (!a.empty() && (a.front() == '>' || a.front() == '#')) password = true;
  }
  return off || (password && !nopass);
}

RedisFacts facts_of(const std::vector<KvEntry>& entries) {
  RedisFacts facts;
  facts.bind = last_entry(entries, "bind");
  facts.protected_mode = last_entry(entries, "protected-mode");
  const KvEntry* requirepass = last_entry(entries, "requirepass");
  facts.has_password = requirepass != nullptr && !requirepass->value.empty();
  for (const KvEntry& e : entries) {
    if (iequals(e.key, "user") && default_user_protected(e)) facts.has_password = true;
    // An ACL file may define the default user; lint cannot see it, so it is given the benefit.
    if (iequals(e.key, "aclfile") && !e.value.empty()) facts.has_password = true;
  }
  if (facts.bind == nullptr || facts.bind->args.empty()) {
    facts.exposed = true;
    facts.binds_all = true;
  } else {
    for (const std::string& addr : facts.bind->args) {
      const HostScope scope = classify_host(addr);
      if (scope != HostScope::loopback) facts.exposed = true;
      if (scope == HostScope::all) facts.binds_all = true;
    }
  }
  return facts;
}

void lint_one(const SourceFile& file, Sink& sink) {
  auto parsed = parse_kv(file.text, KvSyntax{});
  if (!parsed) {
    sink.error(file, line_of_error(parsed.error()), parsed.error().message);
    return;
  }
  const std::vector<KvEntry>& entries = *parsed;
  const RedisFacts facts = facts_of(entries);
  const bool protected_off =
      facts.protected_mode != nullptr && is_falsy(facts.protected_mode->value);
  const std::size_t bind_line = facts.bind != nullptr ? facts.bind->line : 0;
  const std::string listen = facts.bind == nullptr ? "has no bind directive (every interface)"
                                                   : "binds " + facts.bind->value;

  if (facts.exposed && !facts.has_password) {
    sink.report(file, "redis-no-auth", bind_line,
                "Redis " + listen + " and has no requirepass or password-protected default user" +
                    (protected_off ? "; protected-mode is off, so anyone who reaches it is in"
                                   : "; only protected-mode stands between it and the network"),
                protected_off ? Severity::critical : Severity::high);
  }
  if (protected_off && !facts.has_password) {
    sink.report(file, "redis-protected-mode-off", facts.protected_mode->line,
                "protected-mode no while the default user has no password");
  }
  if (facts.binds_all) {
    sink.report(file, "redis-bind-all", bind_line, "Redis " + listen,
                facts.has_password ? Severity::low : Severity::medium);
  }
  if (facts.exposed) {
    std::string missing;
    for (std::string_view cmd : kDangerous) {
      bool renamed = false;
      for (const KvEntry& e : entries) {
        if (iequals(e.key, "rename-command") && !e.args.empty() && iequals(e.args[0], cmd)) {
          renamed = true;
        }
      }
      if (!renamed) missing += (missing.empty() ? "" : ", ") + std::string(cmd);
    }
    bool acl_restricted = false;
    for (const KvEntry& e : entries) {
      if (!iequals(e.key, "user")) continue;
      for (const std::string& a : e.args) {
        if (iequals(a, "-@dangerous") || iequals(a, "-@all")) acl_restricted = true;
      }
    }
    if (!missing.empty() && !acl_restricted) {
      sink.report(
          file, "redis-dangerous-commands", bind_line,
          "Redis is reachable beyond loopback and keeps " + missing + " under their own names");
    }
  }
}

}  // namespace

void lint_redis(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) { lint_one(f, sink); });
}

}  // namespace lw::lint
