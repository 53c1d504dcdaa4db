#pragma once

#include <iosfwd>

namespace lw::cli {

// `leakwatch classify PATH... | -` (argv[0] is "classify"). Prints findings as a table or JSON
// Lines, with a note for each part not inspected (a container past the depth cap, a stream cut
// at --max-bytes, the time budget, the findings cap). Exit status: 0 ran (findings or not,
// notes or not); 2 usage error, bad rule file, an unreadable or unprocessable path, or an input
// that ran out of its --time-budget (the other paths are still processed); 1 internal error.
// Standard input is file descriptor 0, read through poll so that the time budget holds while
// waiting for input.
int run_classify_command(int argc, char** argv);

// The same with explicit streams (tests; `in` is read as it comes, without a time limit).
int run_classify_command(int argc, char** argv, std::istream& in, std::ostream& out,
                         std::ostream& err);

}  // namespace lw::cli
