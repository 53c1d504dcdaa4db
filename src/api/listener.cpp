#include "api/listener.h"

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <string>
#include <utility>

namespace lw::api {

Result<Listener> Listener::bind(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  const std::string where = host + ":" + service;
  if (::getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0 || found == nullptr) {
    return fail(ErrorCode::invalid_argument, "cannot listen on " + where + ": not an address");
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> info(found, ::freeaddrinfo);
  const int fd = ::socket(info->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(ErrorCode::io_error, "cannot make a socket for " + where);
  Listener l(fd, port);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (info->ai_family == AF_INET6) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  if (::bind(fd, info->ai_addr, info->ai_addrlen) != 0 || ::listen(fd, 128) != 0) {
    return fail(ErrorCode::io_error,
                "cannot listen on " + where + " (in use, or not an address of this machine)");
  }
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len) == 0) {
    l.port_ = bound.ss_family == AF_INET6
                  ? ntohs(reinterpret_cast<const sockaddr_in6&>(bound).sin6_port)
                  : ntohs(reinterpret_cast<const sockaddr_in&>(bound).sin_port);
  }
  return l;
}

Listener::Listener(Listener&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), port_(other.port_) {}

Listener::~Listener() {
  if (fd_ >= 0) ::close(fd_);
}

bool Listener::run(const std::function<void(int fd)>& on_accept,
                   const std::atomic<bool>& stopping) {
  while (!stopping.load()) {
    pollfd p{fd_, POLLIN, 0};
    const int r = ::poll(&p, 1, 200);
    if (r < 0 && errno != EINTR) return false;
    if (r <= 0) continue;
    const int fd = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) {
      on_accept(fd);
      continue;
    }
    // Out of descriptors or a connection gone before accept: wait and go on.
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
      ::poll(nullptr, 0, 100);
    } else if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED && errno != EPROTO) {
      return false;
    }
  }
  return true;
}

}  // namespace lw::api
