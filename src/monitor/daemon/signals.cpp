#include "monitor/daemon/signals.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <csignal>

namespace lw::monitor::daemon {
namespace {

// Process-wide by nature: a signal handler can reach nothing else.
std::atomic<bool> g_stop{false};
std::atomic<bool> g_reload{false};
int g_pipe[2] = {-1, -1};

void poke() {
  if (g_pipe[1] >= 0) {
    const char b = 1;
    [[maybe_unused]] const auto n = ::write(g_pipe[1], &b, 1);
  }
}

extern "C" void on_stop(int) {
  g_stop.store(true);
  poke();
}

extern "C" void on_reload(int) {
  g_reload.store(true);
  poke();
}

void set_handler(int sig, void (*fn)(int)) {
  struct sigaction sa {};
  sa.sa_handler = fn;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  ::sigaction(sig, &sa, nullptr);
}

}  // namespace

bool Signals::install() {
  if (g_pipe[0] < 0) {
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return false;
  }
  g_stop.store(false);
  g_reload.store(false);
  set_handler(SIGTERM, on_stop);
  set_handler(SIGINT, on_stop);
  set_handler(SIGHUP, on_reload);
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}

void Signals::uninstall() {
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGHUP, SIG_DFL);
}

const std::atomic<bool>& Signals::stop_flag() {
  return g_stop;
}

bool Signals::stop_requested() {
  return g_stop.load();
}

bool Signals::take_reload() {
  return g_reload.exchange(false);
}

void Signals::request_stop() {
  g_stop.store(true);
  poke();
}

void Signals::wake() {
  poke();
}

void Signals::wait(std::chrono::milliseconds limit) {
  if (g_stop.load() || g_reload.load()) return;
  pollfd p{g_pipe[0], POLLIN, 0};
  const int timeout = static_cast<int>(std::max<std::int64_t>(0, limit.count()));
  if (g_pipe[0] >= 0 && ::poll(&p, 1, timeout) > 0) {
    char buf[64];
    while (::read(g_pipe[0], buf, sizeof buf) > 0) {
    }
  } else if (g_pipe[0] < 0) {
    ::usleep(static_cast<useconds_t>(timeout) * 1000u);
  }
}

}  // namespace lw::monitor::daemon
