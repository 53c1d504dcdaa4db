#include "api/connection.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace lw::api {
namespace {

void address_of(const sockaddr_storage& ss, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(ss);
    inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
    port = ntohs(a.sin6_port);
  } else {
    const auto& a = reinterpret_cast<const sockaddr_in&>(ss);
    inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
    port = ntohs(a.sin_port);
  }
  ip = text;
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::open(int fd, SSL_CTX* tls,
                                                     const ConnectionLimits& limits) {
  std::unique_ptr<Connection> c(new Connection(fd, limits));
  const int flags = ::fcntl(fd, F_GETFL, 0);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
    return fail(ErrorCode::io_error, "cannot make the connection non-blocking");
  }
  if (tls != nullptr) {
    c->ssl_ = SSL_new(tls);
    if (c->ssl_ == nullptr || SSL_set_fd(c->ssl_, fd) != 1) {
      return fail(ErrorCode::internal, "cannot start TLS on the connection");
    }
    c->start_request();  // the handshake has the deadline of a request
    if (!c->handshake()) return fail(ErrorCode::io_error, "the TLS handshake failed");
  }
  return c;
}

Connection::~Connection() {
  if (ssl_ != nullptr) {
    SSL_shutdown(ssl_);  // one close_notify, without waiting for the peer's
    SSL_free(ssl_);
  }
  if (fd_ >= 0) {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
  }
}

bool Connection::handshake() {
  for (;;) {
    ERR_clear_error();
    const int r = SSL_accept(ssl_);
    if (r == 1) return true;
    const int err = SSL_get_error(ssl_, r);
    if (err == SSL_ERROR_WANT_READ) {
      if (!wait(POLLIN, limits_.read_timeout, true)) return false;
    } else if (err == SSL_ERROR_WANT_WRITE) {
      if (!wait(POLLOUT, limits_.write_timeout, false)) return false;
    } else {
      return false;
    }
  }
}

bool Connection::wait(short events, std::chrono::milliseconds limit, bool reading) const {
  auto budget = limit;
  if (reading && deadline_ != Clock::time_point::max()) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
    if (left.count() <= 0) {
      past_deadline_ = true;
      return false;
    }
    budget = std::min(budget, left);
  }
  pollfd p{fd_, events, 0};
  for (;;) {
    const int r = ::poll(&p, 1, static_cast<int>(budget.count()));
    if (r > 0) return (p.revents & (events | POLLHUP | POLLERR)) != 0;
    if (r == 0) {
      if (reading && deadline_ != Clock::time_point::max() && Clock::now() >= deadline_) {
        past_deadline_ = true;
      }
      return false;
    }
    if (errno != EINTR) return false;
  }
}

bool Connection::wait_for_request(std::chrono::milliseconds idle,
                                  const std::atomic<bool>& stopping) {
  if (ssl_ != nullptr && SSL_pending(ssl_) > 0) return true;
  constexpr std::chrono::milliseconds kSlice{200};  // how soon a stop is noticed
  const auto until = Clock::now() + idle;
  deadline_ = Clock::time_point::max();
  while (!stopping.load()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(std::min(left, kSlice).count()));
    if (r > 0) return true;
    if (r < 0 && errno != EINTR) return false;
  }
  return false;
}

void Connection::linger_close() {
  if (ssl_ != nullptr) {
    SSL_shutdown(ssl_);
  } else {
    ::shutdown(fd_, SHUT_WR);
  }
  constexpr std::size_t kMaxDrained = 4 * 1024 * 1024;
  const auto until = Clock::now() + std::chrono::seconds(1);
  char sink[16 * 1024];
  for (std::size_t drained = 0; drained < kMaxDrained;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    const auto n = ::recv(fd_, sink, sizeof sink, 0);
    if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EINTR))) break;
    if (n > 0) drained += static_cast<std::size_t>(n);
  }
}

void Connection::start_request() {
  deadline_ = Clock::now() + limits_.request_deadline;
  budget_left_ = limits_.request_bytes;
  over_budget_ = false;
  past_deadline_ = false;
}

bool Connection::is_readable() const {
  if (ssl_ != nullptr && SSL_pending(ssl_) > 0) return true;
  return wait(POLLIN, limits_.read_timeout, true);
}

bool Connection::is_writable() const {
  return wait(POLLOUT, limits_.write_timeout, false);
}

ssize_t Connection::read(char* ptr, size_t size) {
  if (budget_left_ == 0) {
    over_budget_ = true;
    return -1;
  }
  size = std::min(size, budget_left_);
  for (;;) {
    ssize_t n = 0;
    short want = POLLIN;
    if (ssl_ != nullptr) {
      ERR_clear_error();
      const int r = SSL_read(ssl_, ptr, static_cast<int>(std::min<size_t>(size, 1 << 30)));
      if (r > 0) {
        n = r;
      } else {
        const int err = SSL_get_error(ssl_, r);
        if (err == SSL_ERROR_ZERO_RETURN) return 0;
        if (err == SSL_ERROR_WANT_WRITE) {
          want = POLLOUT;
        } else if (err != SSL_ERROR_WANT_READ) {
          return -1;
        }
      }
    } else {
      n = ::recv(fd_, ptr, size, 0);
      if (n == 0) return 0;
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
      if (n < 0) n = 0;
    }
    if (n > 0) {
      budget_left_ -= static_cast<std::size_t>(n);
      return n;
    }
    if (!wait(want, want == POLLIN ? limits_.read_timeout : limits_.write_timeout, true)) {
      return -1;
    }
  }
}

ssize_t Connection::write(const char* ptr, size_t size) {
  for (;;) {
    ssize_t n = 0;
    short want = POLLOUT;
    if (ssl_ != nullptr) {
      ERR_clear_error();
      const int r = SSL_write(ssl_, ptr, static_cast<int>(std::min<size_t>(size, 1 << 30)));
      if (r > 0) return r;
      const int err = SSL_get_error(ssl_, r);
      if (err == SSL_ERROR_WANT_READ) {
        want = POLLIN;
      } else if (err != SSL_ERROR_WANT_WRITE) {
        return -1;
      }
    } else {
      n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
      if (n >= 0) return n;
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
    }
    if (!wait(want, limits_.write_timeout, false)) return -1;
  }
}

void Connection::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&ss), &len) == 0) address_of(ss, ip, port);
}

void Connection::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len) == 0) address_of(ss, ip, port);
}

}  // namespace lw::api
