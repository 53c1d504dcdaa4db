#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "core/result.h"

// The API's listening socket and its accept loop (its own, so that each connection is read
// through a Connection with caps: connection.h).
namespace lw::api {

class Listener {
 public:
  // Binds `host` (an address literal, v4 or v6) and `port` (0: any free port).
  static Result<Listener> bind(const std::string& host, int port);
  Listener(Listener&& other) noexcept;
  Listener& operator=(Listener&&) = delete;
  Listener(const Listener&) = delete;
  ~Listener();

  int port() const noexcept { return port_; }
  // Hands each accepted socket (the callee owns it) to `on_accept` until `stopping` is set;
  // it is checked at least every 200 ms. False when accepting failed for good.
  bool run(const std::function<void(int fd)>& on_accept, const std::atomic<bool>& stopping);

 private:
  Listener(int fd, int port) : fd_(fd), port_(port) {}
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace lw::api
