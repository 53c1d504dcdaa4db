#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace lw::testing {

// A child process, killed (SIGKILL) and reaped when the object goes away.
class Process {
 public:
  Process() = default;
  static Process spawn(const std::vector<std::string>& argv, const std::string& stdout_path = "",
                       const std::string& stderr_path = "");
  Process(Process&& o) noexcept : pid_(o.pid_) { o.pid_ = -1; }
  Process& operator=(Process&& o) noexcept;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process();

  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }
  void signal(int sig) const;
  // Waits at most `limit`; returns the exit status (128+signal if killed), or -1 on time-out.
  int wait(std::chrono::milliseconds limit);

 private:
  pid_t pid_ = -1;
};

struct RunResult {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs a command to its end (killed after `limit`), capturing stdout and stderr.
RunResult run(const std::vector<std::string>& argv, std::chrono::milliseconds limit);

// Polls until a TCP connect to host:port succeeds; false after `limit`.
bool wait_for_port(const std::string& host, int port, std::chrono::milliseconds limit);

// Connects, sends `request`, and reads until `expect` appears, the peer closes, or `limit`.
std::string exchange(const std::string& host, int port, const std::string& request,
                     const std::string& expect, std::chrono::milliseconds limit);

// A fresh temporary folder, removed with its contents when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string read_file(const std::string& path);
std::string leakwatch_binary();  // build/leakwatch of this build tree
bool have_program(const std::string& name);

}  // namespace lw::testing
