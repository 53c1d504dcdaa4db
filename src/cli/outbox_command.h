#pragma once

namespace lw::cli {

// `leakwatch outbox list|requeue`: see docs/serve.md. argv[0] is the command name.
int run_outbox_command(int argc, char** argv);

}  // namespace lw::cli
