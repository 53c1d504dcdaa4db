#pragma once

namespace lw::cli {

// The exit statuses of every leakwatch command (documented in README.md).
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;        // a runtime failure: catalog, file system, network setup
constexpr int kExitUsage = 2;          // bad input: an option, a target, a port, a file
constexpr int kExitInterrupted = 130;  // stopped by a signal; `scan --resume` finishes it

}  // namespace lw::cli
