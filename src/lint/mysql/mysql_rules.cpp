#include "lint/mysql/mysql_rules.h"

#include <string>

#include "lint/exposure.h"
#include "lint/parse_or_report.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

bool server_section(std::string_view section) {
  return section.starts_with("mysqld") || section.starts_with("mariadb") || section == "server";
}

std::string option_name(std::string_view key) {
  std::string out = ascii_lower(trim(key));
  for (char& c : out) {
    if (c == '_') c = '-';
  }
  if (out.starts_with("loose-")) out.erase(0, 6);
  return out;
}

struct Found {
  const SourceFile* file;
  KvEntry entry;
};

}  // namespace

void lint_mysql(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  KvSyntax syntax;
  syntax.equals = true;
  syntax.ini_sections = true;
  syntax.inline_comments = true;
  // Server options are split over several files; the last one read wins. Files are taken in
  // path order, which is how mysqld reads an !includedir.
  std::optional<Found> skip_grants;
  std::optional<Found> bind;
  bool skip_networking = false;
  for (const SourceFile* file : files) {
    const auto entries = kv_or_report(*file, syntax, sink);
    if (!entries) continue;
    for (const KvEntry& e : *entries) {
      if (!server_section(e.section)) continue;
      const std::string name = option_name(e.key);
      const bool off = !e.value.empty() && is_falsy(e.value);
      if (name == "skip-grant-tables")
        skip_grants = off ? std::nullopt : std::optional(Found{file, e});
      if (name == "bind-address") bind = Found{file, e};
      if (name == "skip-networking") skip_networking = !off;
    }
  }
  if (!skip_grants) return;
  bool exposed = true;
  std::string where = "no bind-address, so every interface";
  if (skip_networking) {
    exposed = false;
    where = "skip-networking";
  } else if (bind) {
    exposed = false;
    for (std::string_view addr : split_trim(bind->entry.value, ',')) exposed |= is_exposed(addr);
    where = "bind-address " + bind->entry.value;
  }
  sink.report(*skip_grants->file, "mysql-skip-grant-tables", skip_grants->entry.line,
              "skip-grant-tables turns authentication off (" + where + ")",
              exposed ? Severity::critical : Severity::medium);
}

}  // namespace lw::lint
