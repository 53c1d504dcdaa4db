#pragma once

namespace lw::cli {

// `leakwatch export`: see docs/catalog.md. argv[0] is the command name.
int run_export_command(int argc, char** argv);

}  // namespace lw::cli
