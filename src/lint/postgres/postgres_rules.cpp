#include "lint/postgres/postgres_rules.h"

#include <optional>
#include <string>

#include "lint/exposure.h"
#include "lint/json_adapter.h"
#include "lint/parse_or_report.h"
#include "lint/postgres/hba_parser.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

KvSyntax pg_syntax() {
  KvSyntax s;
  s.equals_optional = true;
  s.inline_comments = true;
  return s;
}

// What the postgresql.conf files of the set say about listen_addresses: nullopt when there
// is none (so exposure is unknown), else whether any listens beyond loopback.
struct Listen {
  bool exposed = false;
  std::string value;
};

std::optional<Listen> listen_of(const FileSet& all) {
  std::optional<Listen> out;
  for (const SourceFile* conf : all.of_kind(FileKind::postgresql_conf)) {
    auto entries = parse_kv(conf->text, pg_syntax());
    if (!entries) continue;  // reported by lint_postgresql_conf
    if (!out) out = Listen{false, "localhost (default)"};
    const KvEntry* listen = last_entry(*entries, "listen_addresses");
    if (listen == nullptr) continue;
    for (std::string_view addr : split_trim(listen->value, ',')) {
      if (is_exposed(addr)) {
        out->exposed = true;
        out->value = listen->value;
      }
    }
  }
  return out;
}

// An address that lets other machines in: anything but loopback, "samehost" and local.
bool remote_address(const HbaRecord& r) {
  if (r.type == "local") return false;
  const std::string a = ascii_lower(r.address);
  if (a == "samehost" || a == "localhost") return false;
  if (a.starts_with("127.") || a == "::1/128" || a == "::1") return false;
  return true;
}

void lint_one(const SourceFile& file, const std::optional<Listen>& listen, Sink& sink) {
  auto records = parse_hba(file.text);
  if (!records) {
    sink.error(file, line_of_error(records.error()), records.error().message);
    return;
  }
  const std::string context =
      !listen
          ? "no postgresql.conf in this set to say where the server listens"
          : (listen->exposed ? "postgresql.conf listens on " + listen->value
                             : "postgresql.conf listens on loopback only (" + listen->value + ")");
  for (const HbaRecord& r : *records) {
    if (!remote_address(r)) continue;
    const std::string who = r.type + " " + r.database + " " + r.user + " " + r.address +
                            (r.mask.empty() ? "" : " " + r.mask);
    if (r.method == "trust") {
      const Severity sev =
          !listen ? Severity::high : (listen->exposed ? Severity::critical : Severity::medium);
      sink.report(file, "pg-hba-trust-remote", r.line,
                  "'" + who + "' trusts remote clients without any password; " + context, sev);
    } else if ((r.method == "password" || r.method == "md5") &&
               (r.type == "host" || r.type == "hostnossl")) {
      const Severity sev = r.method == "password" ? Severity::high : Severity::medium;
      sink.report(file, "pg-hba-password-no-tls", r.line,
                  "'" + who + "' accepts " + r.method +
                      " authentication over connections that may be unencrypted (use hostssl)",
                  listen && !listen->exposed ? Severity::low : sev);
    }
  }
}

}  // namespace

void lint_pg_hba(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink) {
  const std::optional<Listen> listen = listen_of(all);
  for_each_file(files, [&](const SourceFile& f) { lint_one(f, listen, sink); });
}

void lint_postgresql_conf(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) { (void)kv_or_report(f, pg_syntax(), sink); });
}

}  // namespace lw::lint
