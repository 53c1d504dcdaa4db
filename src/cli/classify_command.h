#pragma once

#include <iosfwd>

namespace lw::cli {

// `leakwatch classify PATH... | -` (argv[0] is "classify"). Prints findings as a table or JSON
// Lines. Exit status: 0 ran (findings or not), 2 usage error, bad rule file or an unreadable
// path (the other paths are still processed), 1 internal error.
int run_classify_command(int argc, char** argv);

// The same with explicit streams (tests).
int run_classify_command(int argc, char** argv, std::istream& in, std::ostream& out,
                         std::ostream& err);

}  // namespace lw::cli
