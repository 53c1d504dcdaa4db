#pragma once

namespace lw::cli {

// `leakwatch config check FILE`: validates `leakwatch serve`'s config (docs/serve.md). Valid:
// "FILE: valid: 3 assets, 5 rules, 2 channels" on stdout, exit 0. Not: one line on stderr naming
// the file, line, column and key ("leakwatch.yaml:14:5: assets[1].ports[2]: 70000 is not a port
// (1-65535)"), exit 2. argv[0] is "config".
int run_config_command(int argc, char** argv);

}  // namespace lw::cli
