#pragma once

#include <string>
#include <vector>

#include "lint/lint.h"

namespace lw::lint::testing {

// Absolute path of a file under src/lint/testdata/.
std::string testdata(const std::string& relative);
// Lints testdata files or folders (relative to src/lint/testdata/).
Report lint_testdata(const std::vector<std::string>& relatives);
// Lints one in-memory file, recognised by its name and content.
Report lint_text(const std::string& name, const std::string& text);
// The findings of `rule` in `report`.
std::vector<Finding> findings_of(const Report& report, const std::string& rule);

}  // namespace lw::lint::testing
