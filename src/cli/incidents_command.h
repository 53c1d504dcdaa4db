#pragma once

namespace lw::cli {

// `leakwatch incidents list|show|ack|close`: see docs/serve.md. argv[0] is the command name.
int run_incidents_command(int argc, char** argv);

}  // namespace lw::cli
