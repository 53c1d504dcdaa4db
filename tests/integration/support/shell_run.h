#pragma once
// Runs a shell command line as a user would type it, for tests of the built binary.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace lw::testing {

struct ShellRun {
  int status = -1;  // the exit status; -1 when the command did not exit normally
  std::string out;
  std::string err;
};

// Runs `command` through sh -c with its stderr sent to `err_file`, and collects both.
inline ShellRun run_shell(const std::string& command, const std::string& err_file) {
  ShellRun r;
  const std::string line = command + " 2>'" + err_file + "'";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(line.c_str(), "r"), pclose);
  if (!pipe) return r;
  std::array<char, 4096> buf{};
  for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), pipe.get())) > 0;) {
    r.out.append(buf.data(), n);
  }
  const int status = pclose(pipe.release());
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream e(err_file);
  std::stringstream ss;
  ss << e.rdbuf();
  r.err = ss.str();
  return r;
}

}  // namespace lw::testing
