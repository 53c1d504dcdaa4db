#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string_view>
#include <thread>

namespace lw::testing {

// A hostile loopback server of a test's own on 127.0.0.1, port 0. Serves the connections it
// accepts one after another on one thread, each with `serve`, which must return when `stop` is
// set. Bounded: at most 1,000 connections and 60 s; stops and joins when destroyed. With
// `accepting` false it only listens (a full backlog then drops further SYNs).
class TestServer {
 public:
  using Serve = std::function<void(int client, const std::atomic<bool>& stop)>;

  explicit TestServer(Serve serve, int backlog = 512, bool accepting = true);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  bool listening() const { return port_ != 0; }
  std::uint16_t port() const { return port_; }

 private:
  void loop();

  Serve serve_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Closes with a TCP reset (SO_LINGER {1, 0}) rather than a FIN.
void reset(int client);
// Waits (bounded by `stop` and 20 s) until the client sends something; false if it did not.
bool await_request(int client, const std::atomic<bool>& stop);
// Holds the connection, reading and ignoring, until the client leaves, `stop`, or 20 s.
void hold(int client, const std::atomic<bool>& stop);
void send_all(int client, std::string_view bytes);

}  // namespace lw::testing
