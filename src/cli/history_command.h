#pragma once

namespace lw::cli {

// `leakwatch history`: see docs/catalog.md. argv[0] is the command name.
int run_history_command(int argc, char** argv);

}  // namespace lw::cli
