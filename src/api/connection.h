#pragma once

#include <httplib.h>
#include <openssl/ssl.h>

#include <chrono>
#include <cstddef>
#include <memory>

#include "core/result.h"

// One accepted connection as the byte stream httplib's request parser reads: plain or TLS, on a
// non-blocking socket, with a timeout on every wait, and per request a deadline and a byte
// budget. cpp-httplib 0.11 caps a header line's length but not the number of lines, so a
// client could otherwise send headers until memory runs out; here the read fails once a request
// has sent more than its budget, and the connection ends.
namespace lw::api {

struct ConnectionLimits {
  std::chrono::milliseconds read_timeout{5000};       // one wait for bytes
  std::chrono::milliseconds write_timeout{5000};      // one wait to send
  std::chrono::milliseconds request_deadline{10000};  // a whole request read, from its first byte
  std::size_t request_bytes = 256 * 1024;             // header section and body together
};

class Connection final : public httplib::Stream {
 public:
  // Owns `fd` (closed on destruction). With `tls`, the TLS handshake is done here, within the
  // read timeout; its failure is an error and the socket is closed.
  static Result<std::unique_ptr<Connection>> open(int fd, SSL_CTX* tls,
                                                  const ConnectionLimits& limits);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Waits up to `idle` for the next request's first byte (false: none came, or `stopping`).
  bool wait_for_request(std::chrono::milliseconds idle, const std::atomic<bool>& stopping);
  // Starts a request's deadline and budget.
  void start_request();
  // The last request was cut for sending more than its budget, or for missing its deadline.
  bool over_budget() const noexcept { return over_budget_; }
  bool past_deadline() const noexcept { return past_deadline_; }
  bool is_tls() const noexcept { return ssl_ != nullptr; }
  // After a reply to a cut request: stops sending, then reads and drops what the client still
  // sends (at most 1 s and 4 MiB), so that its reading of the reply is not ended by a reset.
  void linger_close();

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

 private:
  Connection(int fd, const ConnectionLimits& limits) : fd_(fd), limits_(limits) {}
  using Clock = std::chrono::steady_clock;
  // Polls for `events` up to `limit` and the request's deadline; false on a timeout or error.
  bool wait(short events, std::chrono::milliseconds limit, bool reading) const;
  bool handshake();

  int fd_ = -1;
  SSL* ssl_ = nullptr;
  ConnectionLimits limits_;
  Clock::time_point deadline_ = Clock::time_point::max();
  std::size_t budget_left_ = 0;
  bool over_budget_ = false;
  mutable bool past_deadline_ = false;
};

}  // namespace lw::api
