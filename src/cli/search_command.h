#pragma once

namespace lw::cli {

// `leakwatch search`: see docs/catalog.md. argv[0] is the command name.
int run_search_command(int argc, char** argv);

}  // namespace lw::cli
