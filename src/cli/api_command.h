#pragma once

namespace lw::cli {

// leakwatch api: the REST API over a catalog (docs/api.md).
int run_api_command(int argc, char** argv);

}  // namespace lw::cli
