#include "notify/syslog_send.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "core/unique_fd.h"

namespace lw::notify::detail {
namespace {

struct AddrDeleter {
  void operator()(addrinfo* a) const noexcept { freeaddrinfo(a); }
};

DeliveryResult failed(DeliveryStatus status, const Channel& channel, const std::string& what) {
  DeliveryResult r;
  r.status = status;
  r.error = "channel " + channel.name + ": syslog " + what;
  return r;
}

bool send_all(int fd, const std::string& data) noexcept {
  for (std::size_t done = 0; done < data.size();) {
    const auto n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Connects within `timeout_ms`; true when connected.
bool connect_bounded(int fd, const addrinfo& a, int timeout_ms) noexcept {
  const int flags = ::fcntl(fd, F_GETFL, 0);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) return false;
  if (::connect(fd, a.ai_addr, a.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) return false;
    pollfd p{fd, POLLOUT, 0};
    int rc = 0;
    do {
      rc = ::poll(&p, 1, timeout_ms);
    } while (rc < 0 && errno == EINTR);
    if (rc <= 0) return false;
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) return false;
  }
  return ::fcntl(fd, F_SETFL, flags) == 0;
}

}  // namespace

std::string octet_counted(const std::string& line) {
  return std::to_string(line.size()) + " " + line;
}

DeliveryResult syslog_send(const Channel& channel, const std::vector<std::string>& lines) {
  const bool tcp = channel.syslog_transport == "tcp";
  if (!tcp && channel.syslog_transport != "udp") {
    return failed(DeliveryStatus::permanent, channel, "transport is neither udp nor tcp");
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = tcp ? SOCK_STREAM : SOCK_DGRAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(channel.syslog_port);
  if (::getaddrinfo(channel.syslog_host.c_str(), port.c_str(), &hints, &found) != 0 || !found) {
    return failed(DeliveryStatus::retry, channel,
                  "host " + channel.syslog_host + " did not resolve");
  }
  const std::unique_ptr<addrinfo, AddrDeleter> addrs(found);
  const addrinfo& a = *addrs;
  UniqueFd fd(::socket(a.ai_family, a.ai_socktype | SOCK_CLOEXEC, a.ai_protocol));
  if (fd.get() < 0)
    return failed(DeliveryStatus::retry, channel, std::string("socket: ") + std::strerror(errno));
  const auto ms = std::max<long>(1, static_cast<long>(channel.timeout.count()));
  timeval tv{ms / 1000, static_cast<suseconds_t>((ms % 1000) * 1000)};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (tcp) {
    if (!connect_bounded(fd.get(), a,
                         static_cast<int>(std::min<long>(ms, kMaxConnectTimeout.count())))) {
      return failed(DeliveryStatus::retry, channel, "TCP connect failed or timed out");
    }
    std::string frames;
    for (const auto& line : lines) frames += octet_counted(line);
    if (!send_all(fd.get(), frames)) {
      return failed(DeliveryStatus::retry, channel, std::string("send: ") + std::strerror(errno));
    }
    ::shutdown(fd.get(), SHUT_WR);
  } else {
    for (const auto& line : lines) {
      if (::sendto(fd.get(), line.data(), line.size(), MSG_NOSIGNAL, a.ai_addr, a.ai_addrlen) < 0) {
        return failed(DeliveryStatus::retry, channel, std::string("send: ") + std::strerror(errno));
      }
    }
  }
  DeliveryResult r;
  r.status = DeliveryStatus::delivered;
  return r;
}

}  // namespace lw::notify::detail
