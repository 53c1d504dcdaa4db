#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace lw::testing {

// A real server started by a test, stopped (SIGTERM, then SIGKILL after a bound) when the
// object goes away. Only the process it started is ever signalled.
class ServerProcess {
 public:
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ServerProcess(ServerProcess&& other) noexcept;
  ServerProcess& operator=(ServerProcess&&) = delete;
  ~ServerProcess();

  // argv[0] is resolved with find_executable; a missing binary is an Error naming it (tests
  // fail on it: scripts/setup installs every server). stdout/stderr go to `log_path`.
  static Result<ServerProcess> start(const std::vector<std::string>& argv,
                                     const std::string& log_path);
  pid_t pid() const noexcept { return pid_; }
  bool running() const noexcept;
  void stop() noexcept;

 private:
  explicit ServerProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
};

// The full path of a program: PATH, then /usr/sbin, /sbin, /usr/lib/postgresql/*/bin.
std::optional<std::string> find_executable(const std::string& name);

// A fresh directory under $TMPDIR (or /tmp), removed by the returned holder's destructor.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix);
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

// Sends `request` to ip:port (loopback only) and reads until `until` appears in the reply, the
// peer closes, `cap` bytes, or the timeout. For seeding test data.
Result<std::string> raw_exchange(const std::string& ip, std::uint16_t port,
                                 const std::string& request, const std::string& until,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(5),
                                 std::size_t cap = 1 << 20);

}  // namespace lw::testing
