#pragma once

namespace lw::cli {

// `leakwatch rescan TARGET...`: see docs/serve.md. argv[0] is the command name.
int run_rescan_command(int argc, char** argv);

}  // namespace lw::cli
