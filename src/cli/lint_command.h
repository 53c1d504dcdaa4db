#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace lw::cli {

// `leakwatch lint PATH... [--format text|json|sarif] [--fail-on SEVERITY] [--max-file-size N]`
// argv[0] is "lint". Exit status: 1 when a finding at or above --fail-on (default high)
// exists, 0 otherwise, 2 on a usage error.
int run_lint_command(int argc, char** argv);

// The same with the arguments after "lint" and explicit streams (for tests and embedding).
int run_lint_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace lw::cli
