#include "net/dialogue.h"

#include <algorithm>
#include <memory>

#include <asio/connect.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>
#include <asio/write.hpp>

#include "net/data_channel.h"
#include "net/tls_context.h"

namespace lw::net {
namespace {

using Clock = std::chrono::steady_clock;
using asio::ip::tcp;

constexpr std::size_t kReadChunk = 4096;

// How a connect that failed ended (see DialogueResult). Linux and the BSDs report a reset that
// answers the SYN as ECONNREFUSED, and ECONNRESET (EPIPE after a FIN) only once the handshake
// has completed: the connection was made and reset at once.
Outcome connect_failure(const asio::error_code& e) {
  if (e == asio::error::connection_reset || e == asio::error::broken_pipe) return Outcome::reset;
  if (e == asio::error::connection_refused || e == asio::error::host_unreachable ||
      e == asio::error::network_unreachable) {
    return Outcome::refused;
  }
  if (e == asio::error::timed_out) return Outcome::timeout;
  // Anything else is this side's failure (descriptors, buffers, local ports, permission): the
  // target was not tried.
  return Outcome::app_error;
}

class Dialogue : public std::enable_shared_from_this<Dialogue> {
 public:
  Dialogue(asio::io_context& io, const Probe& probe, ProbeOptions options, asio::ssl::context* tls,
           const DialogueLimits& limits, DialogueDone done)
      : io_(io),
        socket_(io),
        timer_(io),
        probe_(probe),
        options_(std::move(options)),
        tls_ctx_(tls),
        limits_(limits),
        done_(std::move(done)) {}

  void start(const tcp::endpoint& endpoint) {
    options_.address = endpoint.address().to_string();
    asio::error_code ec;
    socket_.open(endpoint.protocol(), ec);
    if (ec) {
      result_.detail = "cannot open socket: " + ec.message();
      finish(Outcome::app_error);
      return;
    }
    arm(limits_.connect_timeout);
    socket_.async_connect(
        endpoint, [self = shared_from_this()](const asio::error_code& e) { self->on_connect(e); });
  }

 private:
  // Arms the one timer for the current operation, never past the dialogue's deadline.
  void arm(std::chrono::milliseconds budget) {
    const auto when = std::min(Clock::now() + budget, limits_.deadline);
    const std::uint64_t gen = ++timer_gen_;
    timed_out_ = false;
    timer_.expires_at(when);
    timer_.async_wait([self = shared_from_this(), gen](const asio::error_code& e) {
      if (e || gen != self->timer_gen_ || self->finished_) return;
      self->timed_out_ = true;
      asio::error_code ignored;
      // A plain read can be cancelled and the socket reused; anything else ends the dialogue.
      if (self->reading_plain_) {
        self->socket_.cancel(ignored);
      } else {
        self->socket_.close(ignored);
      }
    });
  }

  void disarm() {
    ++timer_gen_;
    timer_.cancel();
  }

  void on_connect(const asio::error_code& e) {
    disarm();
    if (e) {
      result_.detail = timed_out_ ? "connect timed out" : e.message();
      if (timed_out_) return finish(Outcome::timeout);
      const Outcome o = connect_failure(e);
      if (o == Outcome::reset) {
        // The handshake completed and the peer reset the connection before the connect's
        // completion was seen: the port accepted, like a reset on the first read.
        result_.connected = true;
        result_.detail = "reset by the peer right after the handshake";
      }
      return finish(o);
    }
    result_.connected = true;
    if (tls_ctx_ == nullptr) return step();
    ssl_ = std::make_unique<asio::ssl::stream<tcp::socket&>>(socket_, *tls_ctx_);
    if (!options_.host_name.empty()) {
      SSL_set_tlsext_host_name(ssl_->native_handle(), options_.host_name.c_str());
    }
    arm(limits_.read_timeout);
    ssl_->async_handshake(
        asio::ssl::stream_base::client,
        [self = shared_from_this()](const asio::error_code& he) { self->on_handshake(he); });
  }

  void on_handshake(const asio::error_code& e) {
    disarm();
    if (e) {
      result_.detail =
          timed_out_ ? "TLS handshake timed out" : "TLS handshake failed: " + e.message();
      return finish(timed_out_ ? Outcome::timeout : Outcome::tls_error);
    }
    result_.tls = tls_info_of(ssl_->native_handle());
    step();
  }

  void step() {
    if (result_.transcript.size() >= limits_.max_exchanges) return finish(Outcome::success);
    auto next = probe_.next(options_, result_.transcript);
    if (!next) return finish(Outcome::success);
    current_ = std::move(*next);
    reply_.clear();
    if (current_.data_channel) return open_data_channel();
    send_current();
  }

  // The exchange's data connection (core/probe.h DataChannel): to the port it names on the
  // address of this dialogue's own connection, never any other; the request is sent once it is
  // connected, and not at all when it is not.
  void open_data_channel() {
    asio::error_code ec;
    const tcp::endpoint peer = socket_.remote_endpoint(ec);
    const std::uint16_t port = current_.data_channel->port;
    if (ec || port == 0) return end_turn(ReplyEnd::complete);  // data_end not_connected
    // The data's own cap, under the probe's and the engine's reply caps and the dialogue's total.
    const std::size_t cap = std::min<std::size_t>(
        {current_.data_channel->max_bytes, probe_.info().max_reply_bytes, limits_.max_reply_bytes,
         limits_.max_total_bytes - std::min(total_bytes_, std::size_t{limits_.max_total_bytes})});
    data_ = std::make_shared<DataConnection>(io_, cap);
    const auto until = std::min(Clock::now() + limits_.connect_timeout, limits_.deadline);
    data_->connect({peer.address(), port}, until,
                   [self = shared_from_this()](bool connected, const std::string& detail) {
                     if (self->finished_) return;
                     if (!connected) {
                       self->result_.detail = detail;
                       return self->end_turn(ReplyEnd::complete);  // the request is not sent
                     }
                     const auto read_until = std::min(Clock::now() + self->limits_.read_timeout,
                                                      self->limits_.deadline);
                     self->data_->read(read_until, [self] { self->on_data_finished(); });
                     self->send_current();
                   });
  }

  void on_data_finished() {
    if (finished_ || !waiting_for_data_) return;
    waiting_for_data_ = false;
    complete_turn(control_end_);
  }

  void send_current() {
    if (current_.request.empty()) {
      arm(limits_.banner_wait);
      return read_more();
    }
    arm(limits_.read_timeout);
    auto on_written = [self = shared_from_this()](const asio::error_code& e, std::size_t) {
      if (e) {
        self->disarm();
        self->result_.detail = "write failed: " + e.message();
        return self->end_turn(self->timed_out_ ? ReplyEnd::timeout : ReplyEnd::reset);
      }
      self->arm(self->limits_.read_timeout);
      self->read_more();
    };
    if (ssl_) {
      asio::async_write(*ssl_, asio::buffer(current_.request), on_written);
    } else {
      asio::async_write(socket_, asio::buffer(current_.request), on_written);
    }
  }

  std::size_t reply_cap() const {
    return std::min<std::size_t>(
        {current_.max_reply_bytes, probe_.info().max_reply_bytes, limits_.max_reply_bytes,
         limits_.max_total_bytes - std::min(total_bytes_, std::size_t{limits_.max_total_bytes})});
  }

  void read_more() {
    const std::size_t cap = reply_cap();
    if (reply_.size() >= cap) {
      disarm();
      return end_turn(ReplyEnd::cap_reached);
    }
    const std::size_t old = reply_.size();
    const std::size_t chunk = std::min(kReadChunk, cap - old);
    reply_.resize(old + chunk);
    auto on_read = [self = shared_from_this(), old](const asio::error_code& e, std::size_t n) {
      self->reading_plain_ = false;
      self->reply_.resize(old + n);
      self->on_read(e, n);
    };
    if (ssl_) {
      ssl_->async_read_some(asio::buffer(reply_.data() + old, chunk), on_read);
    } else {
      reading_plain_ = true;
      socket_.async_read_some(asio::buffer(reply_.data() + old, chunk), on_read);
    }
  }

  void on_read(const asio::error_code& e, std::size_t n) {
    if (n > 0) {
      const Framing f = probe_.frame(current_, reply_);
      if (f == Framing::complete) {
        disarm();
        return end_turn(ReplyEnd::complete);
      }
      if (f == Framing::invalid) {
        disarm();
        mismatch_ = true;
        return end_turn(ReplyEnd::complete);
      }
    }
    if (!e) return read_more();
    disarm();
    if (timed_out_) return end_turn(ReplyEnd::timeout);
    if (e == asio::error::eof || e == asio::ssl::error::stream_truncated) {
      return end_turn(ReplyEnd::closed);
    }
    if (e == asio::error::connection_reset) return end_turn(ReplyEnd::reset);
    result_.detail = e.message();
    return end_turn(ReplyEnd::closed);
  }

  // The reply on the dialogue's connection has ended; a data connection still reading gets at
  // most data_linger more before the turn is complete.
  void end_turn(ReplyEnd end) {
    if (data_ && !data_->finished()) {
      control_end_ = end;
      waiting_for_data_ = true;
      data_->cut_at(std::min(Clock::now() + limits_.data_linger, limits_.deadline));
      return;
    }
    complete_turn(end);
  }

  void complete_turn(ReplyEnd end) {
    total_bytes_ += reply_.size();
    Turn turn{std::move(current_), std::move(reply_), end};
    if (turn.exchange.data_channel) {
      turn.data_end = DataEnd::not_connected;
      if (data_) {
        turn.data = data_->take_bytes();
        turn.data_end = data_->end();
        total_bytes_ += turn.data.size();
        data_->close();
        data_.reset();
      }
    }
    result_.transcript.push_back(std::move(turn));
    reply_ = {};
    if (mismatch_) return finish(Outcome::protocol_mismatch);
    if (Clock::now() >= limits_.deadline) return finish(Outcome::timeout);
    switch (end) {
      case ReplyEnd::complete:
        return step();
      case ReplyEnd::closed:
        return finish(Outcome::closed);
      case ReplyEnd::reset:
        return finish(Outcome::reset);
      case ReplyEnd::cap_reached:
        if (total_bytes_ >= limits_.max_total_bytes) return finish(Outcome::cap_exceeded);
        return step();
      case ReplyEnd::timeout:
        // A TLS read cannot be resumed after a cancel; a plain one can.
        if (ssl_ || !socket_.is_open()) return finish(Outcome::timeout);
        return step();
    }
  }

  void finish(Outcome outcome) {
    if (finished_) return;
    finished_ = true;
    disarm();
    if (data_) {
      data_->close();
      data_.reset();
    }
    // Outcome of a dialogue that ran but whose last reply ended badly.
    if (outcome == Outcome::success && !result_.transcript.empty()) {
      switch (result_.transcript.back().end) {
        case ReplyEnd::timeout:
          outcome = Outcome::timeout;
          break;
        case ReplyEnd::cap_reached:
          outcome = Outcome::cap_exceeded;
          break;
        default:
          break;
      }
    }
    result_.outcome = outcome;
    asio::error_code ignored;
    if (socket_.is_open()) {
      // Reset rather than linger: a scan leaves no TIME_WAIT behind on either side.
      socket_.set_option(asio::socket_base::linger(true, 0), ignored);
      socket_.close(ignored);
    }
    auto done = std::move(done_);
    done(std::move(result_));
  }

  asio::io_context& io_;
  tcp::socket socket_;
  std::unique_ptr<asio::ssl::stream<tcp::socket&>> ssl_;
  asio::steady_timer timer_;
  const Probe& probe_;
  ProbeOptions options_;
  asio::ssl::context* tls_ctx_;
  DialogueLimits limits_;
  DialogueDone done_;
  DialogueResult result_;
  Exchange current_;
  std::string reply_;
  std::shared_ptr<DataConnection> data_;  // the current exchange's data connection, if any
  ReplyEnd control_end_ = ReplyEnd::complete;
  bool waiting_for_data_ = false;
  std::size_t total_bytes_ = 0;
  std::uint64_t timer_gen_ = 0;
  bool timed_out_ = false;
  bool reading_plain_ = false;
  bool mismatch_ = false;
  bool finished_ = false;
};

}  // namespace

void start_dialogue(asio::io_context& io, const tcp::endpoint& endpoint, const Probe& probe,
                    ProbeOptions options, asio::ssl::context* tls, const DialogueLimits& limits,
                    DialogueDone done) {
  auto d = std::make_shared<Dialogue>(io, probe, std::move(options), tls, limits, std::move(done));
  d->start(endpoint);
}

}  // namespace lw::net
