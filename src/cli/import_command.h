#pragma once

namespace lw::cli {

// `leakwatch import`: see docs/catalog.md. argv[0] is the command name.
int run_import_command(int argc, char** argv);

}  // namespace lw::cli
