#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "lint/finding.h"
#include "lint/sink.h"
#include "lint/source_file.h"

namespace lw::lint {

// An inline suppression, written in any comment syntax:
//   # leakwatch:ignore redis-protected-mode-off reason: lab network only
//   # leakwatch:ignore-file pg-hba-trust-remote reason: throwaway CI container
// `ignore` covers its own line and the next line; `ignore-file` the whole file. Several ids may
// be separated by commas. A suppression without a reason suppresses nothing and is reported.
struct Suppression {
  std::vector<std::string> rule_ids;
  std::string reason;
  std::size_t line = 0;
  bool whole_file = false;
};

std::vector<Suppression> find_suppressions(const std::string& text);

// Removes the findings of `file` that a valid suppression covers, and reports suppressions
// without a reason or naming unknown rules.
void apply_suppressions(const SourceFile& file, std::vector<Finding>& findings, Sink& sink);

}  // namespace lw::lint
