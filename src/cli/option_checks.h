#pragma once

#include <CLI/CLI.hpp>

namespace lw::cli {

// The check every numeric option carries besides its range: a plain decimal number that is
// finite and not negative. CLI11's own range check lets NaN through (every comparison with it is
// false) and its unsigned conversion wraps "-5" to a huge value; this refuses both, naming the
// option: "--rate: nan is not a finite number".
CLI::Validator plain_number();

// What a command does with a CLI11 parse error: --help prints the help and exits 0; anything
// else is one line on stderr ("leakwatch search: --offset: '-5' is negative") and exit 2.
int parse_error_status(const CLI::App& app, const CLI::ParseError& e, const char* command);

}  // namespace lw::cli
