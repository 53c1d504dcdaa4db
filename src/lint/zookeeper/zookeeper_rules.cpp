#include "lint/zookeeper/zookeeper_rules.h"

#include <string>

#include "lint/exposure.h"
#include "lint/parse_or_report.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

void lint_one(const SourceFile& file, Sink& sink) {
  KvSyntax syntax;
  syntax.equals = true;
  const auto entries = kv_or_report(file, syntax, sink);
  if (!entries) return;
  const KvEntry* port = last_entry(*entries, "clientPort", false);
  const KvEntry* address = last_entry(*entries, "clientPortAddress", false);
  const KvEntry* sasl = last_entry(*entries, "sessionRequireClientSASLAuth", false);
  const KvEntry* enforce = last_entry(*entries, "enforce.auth.enabled", false);
  const bool auth_required = (sasl != nullptr && is_truthy(sasl->value)) ||
                             (enforce != nullptr && is_truthy(enforce->value));
  const bool exposed = address == nullptr || is_exposed(address->value);
  if (port != nullptr && exposed && !auth_required) {
    sink.report(file, "zookeeper-no-auth", port->line,
                "ZooKeeper serves clients on port " + port->value + " on " +
                    (address == nullptr ? std::string("every interface") : address->value) +
                    " and requires no authentication (znodes default to world:anyone)");
  }
  if (const KvEntry* lw4 = last_entry(*entries, "4lw.commands.whitelist", false)) {
    for (std::string_view cmd : split_trim(lw4->value, ',')) {
      if (cmd == "*") {
        sink.report(file, "zookeeper-4lw-all", lw4->line,
                    "every four-letter-word command is enabled (dump, envi, conf, wchp...)");
        break;
      }
    }
  }
}

}  // namespace

void lint_zookeeper(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) { lint_one(f, sink); });
}

}  // namespace lw::lint
