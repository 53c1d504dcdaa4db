// leakwatch: argument dispatch only. Each command parses its own options and returns its exit
// status (see cli/exit_status.h and README.md).
#include <cstdio>
#include <cstring>
#include <string_view>

#include "cli/exit_status.h"
#include "cli/scan_command.h"

namespace {

struct Command {
  std::string_view name;
  int (*run)(int, char**);
  std::string_view summary;
};

constexpr Command kCommands[] = {
    {"scan", lw::cli::run_scan_command,
     "find data services open without authentication, prove it, classify what leaks"},
};

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "usage: leakwatch COMMAND [options]   (leakwatch COMMAND --help)\n\ncommands:\n");
  for (const auto& c : kCommands) {
    std::fprintf(out, "  %-10.*s %.*s\n", static_cast<int>(c.name.size()), c.name.data(),
                 static_cast<int>(c.summary.size()), c.summary.data());
  }
  std::fprintf(out, "  %-10s %s\n", "version", "print the version");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return lw::cli::kExitUsage;
  }
  const std::string_view name = argv[1];
  if (name == "-h" || name == "--help" || name == "help") {
    print_usage(stdout);
    return lw::cli::kExitOk;
  }
  if (name == "version" || name == "--version") {
    std::printf("leakwatch %s\n", LW_VERSION);
    return lw::cli::kExitOk;
  }
  for (const auto& c : kCommands) {
    if (c.name == name) return c.run(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "leakwatch: unknown command '%s'\n", argv[1]);
  print_usage(stderr);
  return lw::cli::kExitUsage;
}
