#include "support/hostile_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <random>

namespace lw::testing {

HostileServer::HostileServer(const std::string& address, int port, Hostility how) : how_(how) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
  if (bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || listen(fd_, 64) != 0) {
    close(fd_);
    fd_ = -1;
    return;
  }
  acceptor_ = std::thread([this] { accept_loop(); });
}

HostileServer::~HostileServer() {
  stop_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  for (auto& t : clients_) t.join();
  if (fd_ >= 0) close(fd_);
}

void HostileServer::accept_loop() {
  const auto end = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (!stop_ && std::chrono::steady_clock::now() < end && clients_.size() < 256) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    const int c = accept(fd_, nullptr, nullptr);
    if (c < 0) continue;
    clients_.emplace_back([this, c] { serve(c); });
  }
}

void HostileServer::serve(int c) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto alive = [&] { return !stop_ && std::chrono::steady_clock::now() < end; };
  switch (how_) {
    case Hostility::garbage: {
      std::mt19937 rng(7);
      std::string junk(4096, '\0');
      for (auto& ch : junk) ch = static_cast<char>(rng() & 0xff);
      junk[0] = '\x80';  // never a printable banner
      (void)send(c, junk.data(), junk.size(), MSG_NOSIGNAL);
      break;
    }
    case Hostility::endless: {
      const std::string chunk(16384, 'A');
      std::size_t sent = 0;
      while (alive() && sent < (256u << 20)) {
        const auto n = send(c, chunk.data(), chunk.size(), MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
      break;
    }
    case Hostility::stall:
    case Hostility::tls_stall: {
      char buf[4096];
      while (alive()) {
        pollfd p{c, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0) continue;
        if (recv(c, buf, sizeof buf, 0) <= 0) break;  // read and ignore, never answer
      }
      break;
    }
    case Hostility::reset_mid_reply: {
      char buf[4096];
      pollfd p{c, POLLIN, 0};
      if (poll(&p, 1, 5000) > 0 && recv(c, buf, sizeof buf, 0) > 0) {
        const char half[] = "$2000\r\n# Server\r\nredis_version:7.0.15\r\n";
        (void)send(c, half, sizeof half - 1, MSG_NOSIGNAL);
      }
      linger l{1, 0};
      setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof l);
      break;
    }
  }
  close(c);
}

}  // namespace lw::testing
