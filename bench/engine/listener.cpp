// A minimal epoll TCP listener for the engine benchmarks: accepts on ADDRESS:PORT and either
// closes at once (close) or answers every request like a Redis with a password (noauth).
// Runs for at most SECONDS. Bench use only, inside the benchmark's own network namespace.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: lw_bench_listener ADDRESS PORT close|noauth SECONDS\n");
    return 2;
  }
  const bool noauth = std::strcmp(argv[3], "noauth") == 0;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(std::atoi(argv[4]));
  const int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  const int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<std::uint16_t>(std::atoi(argv[2])));
  inet_pton(AF_INET, argv[1], &sa.sin_addr);
  if (bind(lfd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || listen(lfd, 65535) != 0) {
    std::perror("bind/listen");
    return 1;
  }
  const int ep = epoll_create1(0);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = lfd;
  epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
  static const char kReply[] = "-NOAUTH Authentication required.\r\n";
  epoll_event events[512];
  unsigned long accepted = 0;
  while (std::chrono::steady_clock::now() < end) {
    const int n = epoll_wait(ep, events, 512, 100);
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == lfd) {
        for (int k = 0; k < 1024; ++k) {
          const int c = accept4(lfd, nullptr, nullptr, SOCK_NONBLOCK);
          if (c < 0) break;
          ++accepted;
          if (!noauth) {
            close(c);
            continue;
          }
          epoll_event cev{};
          cev.events = EPOLLIN | EPOLLRDHUP;
          cev.data.fd = c;
          epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
        }
        continue;
      }
      char buf[4096];
      const auto r = read(fd, buf, sizeof buf);
      if (r <= 0 || (events[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR))) {
        close(fd);
        continue;
      }
      (void)!write(fd, kReply, sizeof kReply - 1);
    }
  }
  std::fprintf(stderr, "listener: accepted %lu connections\n", accepted);
  return 0;
}
