#include "lint/influxdb/influxdb_rules.h"

#include <string>

#include "lint/exposure.h"
#include "lint/parse_or_report.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

void lint_one(const SourceFile& file, Sink& sink) {
  KvSyntax syntax;
  syntax.equals = true;
  syntax.ini_sections = true;
  syntax.inline_comments = true;
  const auto entries = kv_or_report(file, syntax, sink);
  if (!entries) return;
  // InfluxDB 1.x defaults: [http] enabled = true, bind-address = ":8086", auth-enabled = false.
  const KvEntry* enabled = nullptr;
  const KvEntry* bind = nullptr;
  const KvEntry* auth = nullptr;
  std::size_t http_line = 0;
  for (const KvEntry& e : *entries) {
    if (e.section != "http") continue;
    if (http_line == 0) http_line = e.line;
    if (iequals(e.key, "enabled")) enabled = &e;
    if (iequals(e.key, "bind-address")) bind = &e;
    if (iequals(e.key, "auth-enabled")) auth = &e;
  }
  if (enabled != nullptr && is_falsy(enabled->value)) return;
  if (auth != nullptr && is_truthy(auth->value)) return;
  const std::string address = bind != nullptr ? bind->value : ":8086 (default)";
  if (bind != nullptr && !is_exposed(host_of(bind->value))) return;
  const std::size_t line =
      auth != nullptr ? auth->line : (bind != nullptr ? bind->line : http_line);
  sink.report(file, "influxdb-auth-disabled", line,
              "InfluxDB's HTTP API binds " + address + " with auth-enabled " +
                  (auth != nullptr ? auth->value : std::string("not set (false by default)")));
}

}  // namespace

void lint_influxdb(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) { lint_one(f, sink); });
}

}  // namespace lw::lint
