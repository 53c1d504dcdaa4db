#include "dialogue_driver.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <optional>
#include <thread>

#include <asio/io_context.hpp>
#include <asio/ip/address_v4.hpp>

#include "net/dialogue.h"

namespace lw::testing {
namespace {

using Clock = std::chrono::steady_clock;

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

}  // namespace

Result<Transcript> run_dialogue(const Probe& probe, const ProbeOptions& options,
                                const std::string& ip, std::uint16_t port,
                                const DriverLimits& limits) {
  auto sa = loopback_address(ip, port);
  if (!sa) return tl::unexpected(sa.error());
  net::DialogueLimits engine;  // the engine's byte caps, as a scan has them by default
  engine.connect_timeout = limits.connect_timeout;
  engine.read_timeout = limits.read_timeout;
  engine.banner_wait = limits.read_timeout;
  engine.deadline = Clock::now() + limits.session_timeout;
  engine.max_exchanges = static_cast<std::uint32_t>(
      std::min<std::size_t>(limits.max_turns, std::numeric_limits<std::uint32_t>::max()));
  const asio::ip::tcp::endpoint endpoint(asio::ip::address_v4(ntohl(sa->sin_addr.s_addr)), port);
  asio::io_context io;
  std::optional<net::DialogueResult> result;
  net::start_dialogue(io, endpoint, probe, options, nullptr, engine,
                      [&result](net::DialogueResult r) { result = std::move(r); });
  // Every wait of the dialogue is bounded by the limits; this bounds the loop once more.
  io.run_for(limits.connect_timeout + limits.session_timeout + std::chrono::seconds(5));
  if (!result) return fail(ErrorCode::timeout, "the dialogue did not end in time", ip);
  if (!result->connected) {
    const std::string why =
        result->detail.empty() ? std::string(to_string(result->outcome)) : result->detail;
    return fail(result->outcome == Outcome::timeout ? ErrorCode::timeout : ErrorCode::io_error,
                "connect failed: " + why, ip + ":" + std::to_string(port));
  }
  return std::move(result->transcript);
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
