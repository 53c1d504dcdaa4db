#include "dialogue_driver.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace lw::testing {
namespace {

using Clock = std::chrono::steady_clock;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

int ms_left(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(left.count());
}

Result<sockaddr_in> loopback_address(const std::string& ip, std::uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  if (::inet_pton(AF_INET, ip.c_str(), &sa.sin_addr) != 1) {
    return fail(ErrorCode::invalid_argument, "not an IPv4 address", ip);
  }
  if ((ntohl(sa.sin_addr.s_addr) >> 24) != 127) {
    return fail(ErrorCode::invalid_argument, "the test driver only talks to 127.0.0.0/8", ip);
  }
  return sa;
}

Result<int> connect_to(const sockaddr_in& sa, std::chrono::milliseconds timeout) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(ErrorCode::io_error, std::strerror(errno), "socket");
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0 &&
      errno != EINPROGRESS) {
    const int e = errno;
    ::close(fd);
    return fail(ErrorCode::io_error, std::strerror(e), "connect");
  }
  pollfd p{fd, POLLOUT, 0};
  const int r = ::poll(&p, 1, static_cast<int>(timeout.count()));
  int err = 0;
  socklen_t len = sizeof err;
  if (r <= 0) {
    ::close(fd);
    return fail(ErrorCode::timeout, "connect timed out", "connect");
  }
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0) {
    ::close(fd);
    return fail(ErrorCode::io_error, std::strerror(err), "connect");
  }
  return fd;
}

bool send_all(int fd, std::string_view data, Clock::time_point deadline) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, ms_left(deadline)) <= 0) return false;
  }
  return true;
}

// Reads one reply until the probe frames it, the cap, a close, or a timeout.
void read_reply(const Probe& probe, int fd, Turn& turn, const DriverLimits& limits,
                Clock::time_point session_end) {
  const std::size_t cap = turn.exchange.max_reply_bytes;
  char buf[16384];
  auto turn_end = std::min(session_end, Clock::now() + limits.read_timeout);
  while (true) {
    if (turn.reply.size() >= cap) {
      turn.end = ReplyEnd::cap_reached;
      return;
    }
    pollfd p{fd, POLLIN, 0};
    const int r = ::poll(&p, 1, ms_left(turn_end));
    if (r <= 0) {
      turn.end = ReplyEnd::timeout;
      return;
    }
    const std::size_t room = std::min(sizeof buf, cap - turn.reply.size());
    const ssize_t n = ::recv(fd, buf, room, 0);
    if (n == 0) {
      turn.end = ReplyEnd::closed;
      return;
    }
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
      turn.end = errno == ECONNRESET ? ReplyEnd::reset : ReplyEnd::closed;
      return;
    }
    turn.reply.append(buf, static_cast<std::size_t>(n));
    turn_end = std::min(session_end, Clock::now() + limits.read_timeout);
    const Framing f = probe.frame(turn.exchange, turn.reply);
    if (f == Framing::complete || f == Framing::invalid) {
      turn.end = ReplyEnd::complete;
      return;
    }
  }
}

}  // namespace

Result<Transcript> run_dialogue(const Probe& probe, const ProbeOptions& options,
                                const std::string& ip, std::uint16_t port,
                                const DriverLimits& limits) {
  auto sa = loopback_address(ip, port);
  if (!sa) return tl::unexpected(sa.error());
  auto fd_or = connect_to(*sa, limits.connect_timeout);
  if (!fd_or) return tl::unexpected(fd_or.error());
  const Fd fd(*fd_or);
  const auto session_end = Clock::now() + limits.session_timeout;
  Transcript t;
  while (t.size() < limits.max_turns && Clock::now() < session_end) {
    auto ex = probe.next(options, t);
    if (!ex) break;
    Turn turn;
    turn.exchange = std::move(*ex);
    if (turn.exchange.max_reply_bytes == 0 ||
        turn.exchange.max_reply_bytes > probe.info().max_reply_bytes) {
      turn.exchange.max_reply_bytes = probe.info().max_reply_bytes;
    }
    if (!turn.exchange.request.empty() && !send_all(fd.get(), turn.exchange.request, session_end)) {
      turn.end = ReplyEnd::closed;
      t.push_back(std::move(turn));
      break;
    }
    read_reply(probe, fd.get(), turn, limits, session_end);
    t.push_back(std::move(turn));
  }
  return t;
}

bool wait_for_port(const std::string& ip, std::uint16_t port, std::chrono::milliseconds within) {
  auto sa = loopback_address(ip, port);
  if (!sa) return false;
  const auto deadline = Clock::now() + within;
  while (Clock::now() < deadline) {
    auto fd = connect_to(*sa, std::chrono::milliseconds(500));
    if (fd) {
      ::close(*fd);
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // poll interval, bounded loop
  }
  return false;
}

}  // namespace lw::testing
