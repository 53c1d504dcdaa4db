#pragma once

namespace lw::cli {

// `leakwatch prune`: see docs/catalog.md. argv[0] is the command name.
int run_prune_command(int argc, char** argv);

}  // namespace lw::cli
