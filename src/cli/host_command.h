#pragma once

namespace lw::cli {

// `leakwatch host`: see docs/catalog.md. argv[0] is the command name.
int run_host_command(int argc, char** argv);

}  // namespace lw::cli
