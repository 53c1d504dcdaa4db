#pragma once

#include <span>
#include <string_view>

#include "lint/finding.h"

namespace lw::lint {

// Every rule lint knows, in one explicit list (no self-registration). Each id has a page
// docs/rules/<id>.md; a test checks both directions.
struct RuleInfo {
  std::string_view id;
  Severity severity;       // the default; a finding may raise or lower it with a reason
  std::string_view kind;   // the file kind it applies to, as in to_string(FileKind)
  std::string_view title;  // one line: what it catches
  std::string_view fix;    // one line: how to fix it
};

std::span<const RuleInfo> all_rules() noexcept;
const RuleInfo* find_rule(std::string_view id) noexcept;

}  // namespace lw::lint
