// The engine's data channel (core/probe.h DataChannel: a second connection, to another port of
// the service's own address, read to its end beside the reply) against servers of the test's
// own on 127.0.0.1: an FTP-like control connection (150 ... 226) and a data port that delivers,
// never answers, never accepts, sends too much, closes early, or is closed. Every case must end
// within its bounds, call `done` once, and keep the data and the control replies apart.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "net/dialogue.h"
#include "support/loopback_server.h"

namespace lw::net {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using testing::await_request;
using testing::hold;
using testing::send_all;
using testing::TestServer;

// RETR with a data channel, then NOOP on the control connection alone. A reply is complete at
// its first line that is not a preliminary 1xx line.
class RetrProbe final : public Probe {
 public:
  RetrProbe(std::uint16_t data_port, std::uint32_t data_cap) : port_(data_port), cap_(data_cap) {
    info_.id = "retr";
  }
  const ProbeInfo& info() const noexcept override { return info_; }
  std::optional<Exchange> next(const ProbeOptions&, const Transcript& t) const override {
    if (t.empty()) {
      return Exchange{"RETR f", "RETR f\r\n", 4096, 1, "f", DataChannel{port_, cap_}};
    }
    if (t.size() == 1) return Exchange{"NOOP", "NOOP\r\n", 4096, 2};
    return std::nullopt;
  }
  Framing frame(const Exchange&, std::string_view reply) const override {
    std::size_t start = 0;
    for (auto end = reply.find("\r\n"); end != std::string_view::npos;
         end = reply.find("\r\n", start)) {
      if (end > start && reply[start] != '1') return Framing::complete;
      start = end + 2;
    }
    return Framing::need_more;
  }
  Result<Observation> parse(const Transcript&) const override { return Observation{}; }
  Verdict judge(const Observation& o) const override { return verdict_from_facts(o); }

 private:
  ProbeInfo info_;
  std::uint16_t port_;
  std::uint32_t cap_;
};

DialogueLimits limits() {
  DialogueLimits l;
  l.connect_timeout = 500ms;
  l.read_timeout = 1500ms;
  l.data_linger = 300ms;
  return l;
}

// Polls (bounded by `stop` and 20 s) until `flag` is set.
bool wait_for(const std::atomic<bool>& flag, const std::atomic<bool>& stop) {
  const auto end = Clock::now() + 20s;
  while (!flag && !stop && Clock::now() < end) std::this_thread::sleep_for(2ms);
  return flag;
}

// The first request the client sends (bounded by `stop` and 20 s); empty if none came.
std::string first_request(int c, const std::atomic<bool>& stop) {
  const auto end = Clock::now() + 20s;
  char buf[512];
  while (!stop && Clock::now() < end) {
    pollfd p{c, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    const auto n = ::recv(c, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  }
  return {};
}

// The control side: 150 on RETR, then `final` once the data side is done (never when `final`
// is empty), then 200 to NOOP. `got_retr` says whether RETR arrived at all.
TestServer::Serve control(const std::atomic<bool>& data_done, std::atomic<bool>& got_retr,
                          std::string final) {
  return [&data_done, &got_retr, final](int c, const std::atomic<bool>& stop) {
    if (first_request(c, stop).starts_with("RETR")) {
      got_retr = true;
      send_all(c, "150 Opening BINARY mode data connection\r\n");
      if (!final.empty() && wait_for(data_done, stop)) send_all(c, final);
      if (!final.empty() && await_request(c, stop)) send_all(c, "200 NOOP ok\r\n");
    }
    hold(c, stop);
    ::close(c);
  };
}

struct Run {
  DialogueResult result;
  int calls = 0;
  Clock::duration took{};
};

Run run(std::uint16_t control_port, const Probe& probe, const DialogueLimits& l = limits()) {
  asio::io_context io;
  Run r;
  const auto started = Clock::now();
  start_dialogue(io, {asio::ip::address_v4::loopback(), control_port}, probe, {}, nullptr, l,
                 [&](DialogueResult d) {
                   r.result = std::move(d);
                   r.took = Clock::now() - started;
                   ++r.calls;
                 });
  io.run_for(20s);
  EXPECT_EQ(r.calls, 1) << "done is called exactly once";
  return r;
}

TEST(DataChannel, ATransferIsReadToItsEndBesideTheReplies) {
  std::atomic<bool> data_done{false};
  std::atomic<bool> got_retr{false};
  TestServer data([&](int c, const std::atomic<bool>&) {
    send_all(c, "name,ssn\nTest Person,masked\n");
    ::close(c);
    data_done = true;
  });
  TestServer ctl(control(data_done, got_retr, "226 Transfer complete.\r\n"));
  ASSERT_TRUE(data.listening() && ctl.listening());
  const RetrProbe probe(data.port(), 64 * 1024);
  const auto r = run(ctl.port(), probe);
  EXPECT_EQ(r.result.outcome, Outcome::success) << r.result.detail;
  ASSERT_EQ(r.result.transcript.size(), 2u);
  const Turn& retr = r.result.transcript[0];
  EXPECT_EQ(retr.end, ReplyEnd::complete);
  EXPECT_EQ(retr.reply, "150 Opening BINARY mode data connection\r\n226 Transfer complete.\r\n");
  EXPECT_EQ(retr.data, "name,ssn\nTest Person,masked\n");
  EXPECT_EQ(retr.data_end, DataEnd::closed);
  // The next exchange runs on the control connection alone.
  EXPECT_EQ(r.result.transcript[1].reply, "200 NOOP ok\r\n");
  EXPECT_EQ(r.result.transcript[1].data_end, DataEnd::none);
}

TEST(DataChannel, ADataPortThatNeverAnswersEndsAtTheReadTimeout) {
  std::atomic<bool> data_done{false};
  std::atomic<bool> got_retr{false};
  TestServer data([&](int c, const std::atomic<bool>& stop) {
    hold(c, stop);  // accepts, never sends, never closes
    ::close(c);
  });
  TestServer ctl(control(data_done, got_retr, ""));  // 150, then silence
  ASSERT_TRUE(data.listening() && ctl.listening());
  const RetrProbe probe(data.port(), 64 * 1024);
  const auto r = run(ctl.port(), probe);
  EXPECT_EQ(r.result.outcome, Outcome::timeout) << r.result.detail;
  // A plain connection outlives a read timeout, so NOOP is tried (and times out) after RETR.
  ASSERT_GE(r.result.transcript.size(), 1u);
  EXPECT_EQ(r.result.transcript[0].end, ReplyEnd::timeout);
  EXPECT_EQ(r.result.transcript[0].data_end, DataEnd::timeout);
  EXPECT_TRUE(r.result.transcript[0].data.empty());
  EXPECT_GE(r.took, limits().read_timeout);
  EXPECT_LT(r.took, 10s) << "bounded by the read timeouts and the linger";
}

TEST(DataChannel, ADataPortThatNeverAcceptsIsNotConnectedAndTheRequestIsNotSent) {
  std::atomic<bool> data_done{false};
  std::atomic<bool> got_retr{false};
  // Backlog 0 and no accept(): once the queue holds a connection, the kernel drops further SYNs.
  TestServer data([](int, const std::atomic<bool>&) {}, 0, false);
  TestServer ctl(control(data_done, got_retr, "226 never\r\n"));
  ASSERT_TRUE(data.listening() && ctl.listening());
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    const int f = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    const asio::ip::tcp::endpoint ep(asio::ip::address_v4::loopback(), data.port());
    (void)::connect(f, ep.data(), static_cast<socklen_t>(ep.size()));
    fillers.push_back(f);
  }
  const RetrProbe probe(data.port(), 64 * 1024);
  const auto r = run(ctl.port(), probe);
  for (const int f : fillers) ::close(f);
  ASSERT_GE(r.result.transcript.size(), 1u);
  const Turn& retr = r.result.transcript[0];
  EXPECT_EQ(retr.data_end, DataEnd::not_connected) << r.result.detail;
  EXPECT_TRUE(retr.reply.empty());
  EXPECT_FALSE(got_retr) << "RETR is not sent without its data connection";
  EXPECT_LT(r.took, 8s);
}

TEST(DataChannel, AClosedDataPortIsNotConnectedAndTheDialogueGoesOn) {
  std::uint16_t closed_port = 0;
  {
    asio::io_context io;
    asio::ip::tcp::acceptor a(io, {asio::ip::address_v4::loopback(), 0});
    closed_port = a.local_endpoint().port();
  }
  std::atomic<bool> got_noop{false};
  TestServer ctl([&](int c, const std::atomic<bool>& stop) {
    if (await_request(c, stop)) {  // the first request is NOOP: RETR was never sent
      got_noop = true;
      send_all(c, "200 NOOP ok\r\n");
    }
    hold(c, stop);
    ::close(c);
  });
  ASSERT_TRUE(ctl.listening());
  const RetrProbe probe(closed_port, 64 * 1024);
  const auto r = run(ctl.port(), probe);
  EXPECT_EQ(r.result.outcome, Outcome::success) << r.result.detail;
  ASSERT_EQ(r.result.transcript.size(), 2u);
  EXPECT_EQ(r.result.transcript[0].data_end, DataEnd::not_connected);
  EXPECT_TRUE(r.result.transcript[0].reply.empty());
  EXPECT_EQ(r.result.transcript[1].reply, "200 NOOP ok\r\n");
  EXPECT_TRUE(got_noop);
  // Port 0 is never connected either.
  const RetrProbe zero(0, 64 * 1024);
  const auto z = run(ctl.port(), zero);
  ASSERT_GE(z.result.transcript.size(), 1u);
  EXPECT_EQ(z.result.transcript[0].data_end, DataEnd::not_connected);
}

TEST(DataChannel, ADataPortThatSendsTooMuchStopsAtItsCap) {
  std::atomic<bool> data_done{false};
  std::atomic<bool> got_retr{false};
  TestServer data([&](int c, const std::atomic<bool>& stop) {
    const std::string chunk(16384, 'A');
    const auto end = Clock::now() + 20s;
    for (int i = 0; i < 16384 && !stop && Clock::now() < end; ++i) {  // at most 256 MiB
      if (::send(c, chunk.data(), chunk.size(), MSG_NOSIGNAL) <= 0) break;
    }
    ::close(c);
    data_done = true;
  });
  TestServer ctl(control(data_done, got_retr, "426 Failure writing network stream.\r\n"));
  ASSERT_TRUE(data.listening() && ctl.listening());
  const RetrProbe probe(data.port(), 10000);
  DialogueLimits l = limits();
  l.read_timeout = 10s;  // the cap, not the timer, must end the transfer
  const auto r = run(ctl.port(), probe, l);
  ASSERT_EQ(r.result.transcript.size(), 2u);
  const Turn& retr = r.result.transcript[0];
  EXPECT_EQ(retr.data_end, DataEnd::cap_reached);
  EXPECT_EQ(retr.data.size(), 10000u);
  EXPECT_EQ(retr.data.find_first_not_of('A'), std::string::npos);
  EXPECT_EQ(retr.reply,
            "150 Opening BINARY mode data connection\r\n426 Failure writing network stream.\r\n");
  EXPECT_LT(r.took, 8s);
  // The engine's cap holds under a probe that allows more, and so does the dialogue's total.
  data_done = false;
  DialogueLimits small = l;
  small.max_reply_bytes = 3000;
  const RetrProbe lavish(data.port(), 1u << 20);
  const auto s = run(ctl.port(), lavish, small);
  ASSERT_GE(s.result.transcript.size(), 1u);
  EXPECT_EQ(s.result.transcript[0].data.size(), 3000u);
  EXPECT_EQ(s.result.transcript[0].data_end, DataEnd::cap_reached);
}

TEST(DataChannel, ADataPortThatClosesEarlyKeepsWhatCame) {
  std::atomic<bool> data_done{false};
  std::atomic<bool> got_retr{false};
  TestServer data([&](int c, const std::atomic<bool>&) {
    send_all(c, "partial");
    ::close(c);
    data_done = true;
  });
  TestServer ctl(control(data_done, got_retr, "426 Connection closed; transfer aborted.\r\n"));
  ASSERT_TRUE(data.listening() && ctl.listening());
  const RetrProbe probe(data.port(), 64 * 1024);
  const auto r = run(ctl.port(), probe);
  EXPECT_EQ(r.result.outcome, Outcome::success) << r.result.detail;
  ASSERT_EQ(r.result.transcript.size(), 2u);
  const Turn& retr = r.result.transcript[0];
  EXPECT_EQ(retr.data, "partial");
  EXPECT_EQ(retr.data_end, DataEnd::closed);
  // The engine cannot tell an early close from the end: the control reply says which.
  EXPECT_NE(retr.reply.find("426 "), std::string::npos);
}

TEST(DataChannel, ARefusalLeavesTheDataConnectionOnlyTheLinger) {
  std::atomic<bool> got_retr{false};
  TestServer data([](int c, const std::atomic<bool>& stop) {
    hold(c, stop);
    ::close(c);
  });
  TestServer ctl([&](int c, const std::atomic<bool>& stop) {
    if (await_request(c, stop)) {
      got_retr = true;
      send_all(c, "550 Failed to open file.\r\n");
    }
    if (await_request(c, stop)) send_all(c, "200 NOOP ok\r\n");
    hold(c, stop);
    ::close(c);
  });
  ASSERT_TRUE(data.listening() && ctl.listening());
  DialogueLimits l = limits();
  l.read_timeout = 10s;
  const RetrProbe probe(data.port(), 64 * 1024);
  const auto r = run(ctl.port(), probe, l);
  ASSERT_EQ(r.result.transcript.size(), 2u);
  EXPECT_EQ(r.result.transcript[0].reply, "550 Failed to open file.\r\n");
  EXPECT_EQ(r.result.transcript[0].data_end, DataEnd::timeout);
  EXPECT_LT(r.took, 5s) << "the 300 ms linger, not the 10 s read timeout";
}

}  // namespace
}  // namespace lw::net
