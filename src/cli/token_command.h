#pragma once

namespace lw::cli {

// leakwatch token create|list|revoke: the REST API's tokens (docs/api.md "Tokens and roles").
int run_token_command(int argc, char** argv);

}  // namespace lw::cli
