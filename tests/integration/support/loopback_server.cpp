#include "support/loopback_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace lw::testing {
namespace {
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
}  // namespace

TestServer::TestServer(Serve serve, int backlog, bool accepting) : serve_(std::move(serve)) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof sa;
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
      ::listen(fd_, backlog) != 0 ||
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len) != 0) {
    return;
  }
  port_ = ntohs(sa.sin_port);
  if (accepting) thread_ = std::thread([this] { loop(); });
}

TestServer::~TestServer() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
}

void TestServer::loop() {
  const auto end = Clock::now() + 60s;
  for (int n = 0; n < 1000 && !stop_ && Clock::now() < end;) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    const int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) continue;
    ++n;
    serve_(c, stop_);
  }
}

void reset(int c) {
  const linger l{1, 0};
  ::setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  ::close(c);
}

bool await_request(int c, const std::atomic<bool>& stop) {
  const auto end = Clock::now() + 20s;
  char buf[4096];
  while (!stop && Clock::now() < end) {
    pollfd p{c, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    return ::recv(c, buf, sizeof buf, 0) > 0;
  }
  return false;
}

void hold(int c, const std::atomic<bool>& stop) {
  const auto end = Clock::now() + 20s;
  char buf[4096];
  while (!stop && Clock::now() < end) {
    pollfd p{c, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    if (::recv(c, buf, sizeof buf, 0) <= 0) break;
  }
}

void send_all(int c, std::string_view bytes) {
  (void)::send(c, bytes.data(), bytes.size(), MSG_NOSIGNAL);
}

}  // namespace lw::testing
