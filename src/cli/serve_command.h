#pragma once

namespace lw::cli {

// `leakwatch serve --config FILE [--once]`: the monitoring daemon (docs/serve.md "The daemon").
// Exit 0 when stopped by SIGTERM/SIGINT or when --once is done; 2 for a bad config or option at
// start (one line naming the file, line and key, as `config check`); 1 when the catalog cannot
// be opened or fails. argv[0] is "serve".
int run_serve_command(int argc, char** argv);

}  // namespace lw::cli
