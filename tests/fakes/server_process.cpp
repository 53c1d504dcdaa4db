#include "server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

namespace lw::testing {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

bool executable(const fs::path& p) {
  return ::access(p.c_str(), X_OK) == 0 && fs::is_regular_file(p);
}

}  // namespace

std::optional<std::string> find_executable(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    return executable(name) ? std::optional<std::string>(name) : std::nullopt;
  }
  std::vector<fs::path> dirs;
  if (const char* path = std::getenv("PATH")) {
    std::string p = path;
    for (std::size_t a = 0; a <= p.size();) {
      std::size_t b = p.find(':', a);
      if (b == std::string::npos) b = p.size();
      if (b > a) dirs.emplace_back(p.substr(a, b - a));
      a = b + 1;
    }
  }
  for (const char* d : {"/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/bin"}) dirs.emplace_back(d);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    dirs.push_back(entry.path() / "bin");
  }
  for (const auto& d : dirs) {
    if (executable(d / name)) return (d / name).string();
  }
  return std::nullopt;
}

Result<ServerProcess> ServerProcess::start(const std::vector<std::string>& argv,
                                           const std::string& log_path) {
  if (argv.empty()) return fail(ErrorCode::invalid_argument, "empty command");
  const auto bin = find_executable(argv[0]);
  if (!bin) {
    return fail(ErrorCode::not_found, argv[0] +
                                          " is not installed (scripts/setup installs it; see "
                                          "scripts/packages/probes-databases.txt)");
  }
  std::vector<std::string> args = argv;
  args[0] = *bin;
  std::vector<char*> cargs;
  for (auto& a : args) cargs.push_back(a.data());
  cargs.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return fail(ErrorCode::io_error, std::strerror(errno), "fork");
  if (pid == 0) {
    const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::setpgid(0, 0);
    ::execv(cargs[0], cargs.data());
    ::_exit(127);
  }
  return ServerProcess(pid);
}

ServerProcess::ServerProcess(ServerProcess&& other) noexcept : pid_(other.pid_) {
  other.pid_ = -1;
}

ServerProcess::~ServerProcess() {
  stop();
}

bool ServerProcess::running() const noexcept {
  if (pid_ <= 0) return false;
  int status = 0;
  return ::waitpid(pid_, &status, WNOHANG) == 0;
}

void ServerProcess::stop() noexcept {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (Clock::now() < deadline) {
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_ || r < 0) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

TempDir::TempDir(const std::string& prefix) {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base ? base : "/tmp") + "/" + prefix + "XXXXXX";
  if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  if (!path_.empty()) ::chmod(path_.c_str(), 0777);  // servers that drop privileges write here
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

Result<std::string> raw_exchange(const std::string& ip, std::uint16_t port,
                                 const std::string& request, const std::string& until,
                                 std::chrono::milliseconds timeout, std::size_t cap) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  if (::inet_pton(AF_INET, ip.c_str(), &sa.sin_addr) != 1 ||
      (ntohl(sa.sin_addr.s_addr) >> 24) != 127) {
    return fail(ErrorCode::invalid_argument, "loopback IPv4 only", ip);
  }
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(ErrorCode::io_error, std::strerror(errno));
  timeval tv{static_cast<time_t>(timeout.count() / 1000),
             static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
    const int e = errno;
    ::close(fd);
    return fail(ErrorCode::io_error, std::strerror(e), ip + ":" + std::to_string(port));
  }
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string reply;
  const auto deadline = Clock::now() + timeout;
  char buf[8192];
  while (reply.size() < cap && Clock::now() < deadline) {
    if (!until.empty() && reply.find(until) != std::string::npos) break;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    reply.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return reply;
}

}  // namespace lw::testing
