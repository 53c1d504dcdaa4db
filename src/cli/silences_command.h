#pragma once

namespace lw::cli {

// `leakwatch silences add|list|expire`: see docs/serve.md. argv[0] is the command name.
int run_silences_command(int argc, char** argv);

}  // namespace lw::cli
