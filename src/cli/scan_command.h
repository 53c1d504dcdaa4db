#pragma once

namespace lw::cli {

// `leakwatch scan TARGET... [options]`; argv[0] is "scan". Returns the exit status.
int run_scan_command(int argc, char** argv);

}  // namespace lw::cli
