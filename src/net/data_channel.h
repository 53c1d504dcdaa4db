#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include "core/probe.h"

namespace lw::net {

// One exchange's data connection (core/probe.h, DataChannel): connects to an endpoint the
// dialogue chose (its own address, the probe's port), then reads until the peer closes it, a
// byte cap or its time limit. It never writes. Runs on the dialogue's io_context thread; each
// handler is called at most once.
class DataConnection : public std::enable_shared_from_this<DataConnection> {
 public:
  using Clock = std::chrono::steady_clock;
  using Connected = std::function<void(bool connected, const std::string& detail)>;
  using Finished = std::function<void()>;

  DataConnection(asio::io_context& io, std::size_t max_bytes);

  // Connects, at the latest by `until`; `connected` says whether it worked.
  void connect(const asio::ip::tcp::endpoint& to, Clock::time_point until, Connected connected);
  // Reads until the peer closes, max_bytes or `until`; then `finished`.
  void read(Clock::time_point until, Finished finished);
  // Brings the end of the read forward to `until` when that is sooner (the reply on the
  // dialogue's own connection has ended: the transfer gets a short linger, no more).
  void cut_at(Clock::time_point until);
  // Closes at once (a reset: no lingering connection); a pending handler is not called.
  void close();

  bool finished() const { return end_ != DataEnd::none; }
  DataEnd end() const { return end_; }
  std::string take_bytes() { return std::move(bytes_); }

 private:
  void arm(Clock::time_point until);
  void read_more();
  void on_read(const asio::error_code& e, std::size_t n, std::size_t old);
  void end_with(DataEnd end);

  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  std::size_t max_bytes_;
  Clock::time_point until_ = Clock::time_point::max();
  std::uint64_t timer_gen_ = 0;
  std::string bytes_;
  Connected connected_;
  Finished finished_;
  DataEnd end_ = DataEnd::none;
  bool timed_out_ = false;
  bool closed_ = false;
};

}  // namespace lw::net
