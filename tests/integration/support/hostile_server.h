#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace lw::testing {

enum class Hostility {
  garbage,          // random binary bytes, then close
  endless,          // an endless stream of bytes (bounded to 256 MiB per connection)
  stall,            // accepts, says nothing, holds the connection
  reset_mid_reply,  // half a RESP reply, then a TCP reset
  tls_stall,        // reads the ClientHello and never answers it
};

// A deliberately hostile TCP server on a loopback address, for the engine's robustness tests.
// Every connection it holds ends after at most 60 s; the server stops when destroyed.
class HostileServer {
 public:
  HostileServer(const std::string& address, int port, Hostility how);
  ~HostileServer();
  HostileServer(const HostileServer&) = delete;
  HostileServer& operator=(const HostileServer&) = delete;
  bool listening() const { return fd_ >= 0; }

 private:
  void accept_loop();
  void serve(int client);
  int fd_ = -1;
  Hostility how_;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::vector<std::thread> clients_;
};

}  // namespace lw::testing
