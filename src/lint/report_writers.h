#pragma once

#include <string>

#include "lint/lint.h"

namespace lw::lint {

// Readable text grouped by file, findings in line order, then files that could not be checked
// and a one-line summary.
std::string write_text(const Report& report);
// {"findings": [...], "errors": [...], "summary": {...}}
std::string write_json(const Report& report);
// SARIF 2.1.0: one run, every catalog rule under tool.driver.rules, one result per finding,
// files that could not be checked as toolExecutionNotifications.
std::string write_sarif(const Report& report);

}  // namespace lw::lint
