#include "lint/sink.h"

#include <cassert>

#include "lint/rule_catalog.h"

namespace lw::lint {

void Sink::report(const SourceFile& file, std::string_view rule_id, std::size_t line,
                  std::string message, std::optional<Severity> severity) {
  const RuleInfo* rule = find_rule(rule_id);
  assert(rule != nullptr && "every reported rule id is in the catalog");
  Finding finding;
  finding.rule_id = std::string(rule_id);
  finding.severity = severity.value_or(rule != nullptr ? rule->severity : Severity::high);
  finding.file = file.path;
  finding.line = line;
  finding.column = line > 0 ? 1 : 0;
  finding.message = std::move(message);
  if (rule != nullptr) finding.fix = std::string(rule->fix);
  findings_.push_back(std::move(finding));
}

void Sink::error(const SourceFile& file, std::size_t line, std::string message) {
  diagnostics_.push_back(Diagnostic{file.path, line, std::move(message)});
}

}  // namespace lw::lint
