#include "net/data_channel.h"

#include <algorithm>

namespace lw::net {
namespace {
constexpr std::size_t kReadChunk = 16 * 1024;
}  // namespace

DataConnection::DataConnection(asio::io_context& io, std::size_t max_bytes)
    : socket_(io), timer_(io), max_bytes_(max_bytes) {}

void DataConnection::arm(Clock::time_point until) {
  until_ = until;
  const std::uint64_t gen = ++timer_gen_;
  timer_.expires_at(until);
  timer_.async_wait([self = shared_from_this(), gen](const asio::error_code& e) {
    // A timer handler already queued when the timer was re-armed is stale.
    if (e || gen != self->timer_gen_ || self->closed_ || self->finished()) return;
    self->timed_out_ = true;
    asio::error_code ignored;
    self->socket_.close(ignored);  // completes the pending connect or read with an error
  });
}

void DataConnection::connect(const asio::ip::tcp::endpoint& to, Clock::time_point until,
                             Connected connected) {
  connected_ = std::move(connected);
  asio::error_code ec;
  socket_.open(to.protocol(), ec);
  if (ec) {
    end_ = DataEnd::not_connected;
    auto c = std::move(connected_);
    connected_ = nullptr;
    c(false, "cannot open a socket for the data connection: " + ec.message());
    return;
  }
  arm(until);
  socket_.async_connect(to, [self = shared_from_this()](const asio::error_code& e) {
    if (self->closed_) return;
    ++self->timer_gen_;
    self->timer_.cancel();
    auto c = std::move(self->connected_);
    self->connected_ = nullptr;
    if (e) {
      self->end_ = DataEnd::not_connected;
      c(false, self->timed_out_ ? "data connection timed out" : "data connection: " + e.message());
      return;
    }
    c(true, {});
  });
}

void DataConnection::read(Clock::time_point until, Finished finished) {
  finished_ = std::move(finished);
  timed_out_ = false;
  arm(until);
  read_more();
}

void DataConnection::cut_at(Clock::time_point until) {
  if (finished() || closed_ || until >= until_) return;
  arm(until);
}

void DataConnection::read_more() {
  if (bytes_.size() >= max_bytes_) return end_with(DataEnd::cap_reached);
  const std::size_t old = bytes_.size();
  bytes_.resize(old + std::min(kReadChunk, max_bytes_ - old));
  socket_.async_read_some(
      asio::buffer(bytes_.data() + old, bytes_.size() - old),
      [self = shared_from_this(), old](const asio::error_code& e, std::size_t n) {
        self->on_read(e, n, old);
      });
}

void DataConnection::on_read(const asio::error_code& e, std::size_t n, std::size_t old) {
  bytes_.resize(old + n);
  if (closed_) return;
  if (!e) return read_more();
  if (timed_out_) return end_with(DataEnd::timeout);
  if (e == asio::error::eof) return end_with(DataEnd::closed);
  return end_with(DataEnd::reset);
}

void DataConnection::end_with(DataEnd end) {
  end_ = end;
  ++timer_gen_;
  timer_.cancel();
  asio::error_code ignored;
  if (socket_.is_open()) {
    // A reset rather than a FIN: a transfer cut at its cap stops at once, and no TIME_WAIT stays.
    socket_.set_option(asio::socket_base::linger(true, 0), ignored);
    socket_.close(ignored);
  }
  auto f = std::move(finished_);
  finished_ = nullptr;
  if (f) f();
}

void DataConnection::close() {
  if (closed_) return;
  closed_ = true;
  connected_ = nullptr;
  finished_ = nullptr;
  timer_.cancel();
  asio::error_code ignored;
  if (socket_.is_open()) {
    socket_.set_option(asio::socket_base::linger(true, 0), ignored);
    socket_.close(ignored);
  }
}

}  // namespace lw::net
