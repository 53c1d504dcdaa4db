// The engine's dialogue loop (start_dialogue, the one the scan runs) against hostile servers of
// the test's own on 127.0.0.1 (port 0): a tarpit, a drip-feed, an endless stream, a reset
// mid-reply, garbage, and a server that accepts and resets at once. Each dialogue must end
// within its timeouts with the right Outcome and ReplyEnd, and call `done` exactly once.
#include "net/dialogue.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "net/tls_context.h"
#include "support/loopback_server.h"

namespace lw::net {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using testing::await_request;
using testing::hold;
using testing::reset;
using testing::send_all;
using testing::TestServer;

// A line protocol: one request (or none: read a banner), a reply ends at "\r\n", and a byte
// that is not text makes the reply invalid (protocol mismatch).
class LineProbe final : public Probe {
 public:
  LineProbe(std::string request, std::uint32_t max_reply)
      : request_(std::move(request)), max_reply_(max_reply) {
    info_.id = "line";
    info_.server_speaks_first = request_.empty();
    info_.max_reply_bytes = 1u << 20;
  }
  const ProbeInfo& info() const noexcept override { return info_; }
  std::optional<Exchange> next(const ProbeOptions&, const Transcript& t) const override {
    if (!t.empty()) return std::nullopt;
    return Exchange{request_.empty() ? "banner" : "HELLO", request_, max_reply_};
  }
  Framing frame(const Exchange&, std::string_view reply) const override {
    for (const char c : reply) {
      const auto b = static_cast<unsigned char>(c);
      if (b == 0 || b >= 0x80) return Framing::invalid;
    }
    return reply.ends_with("\r\n") ? Framing::complete : Framing::need_more;
  }
  Result<Observation> parse(const Transcript&) const override { return Observation{}; }
  Verdict judge(const Observation& o) const override { return verdict_from_facts(o); }

 private:
  ProbeInfo info_;
  std::string request_;
  std::uint32_t max_reply_;
};

asio::ip::tcp::endpoint at(const TestServer& s) {
  return {asio::ip::address_v4::loopback(), s.port()};
}

DialogueLimits quick_limits() {
  DialogueLimits l;
  l.connect_timeout = 1000ms;
  l.read_timeout = 400ms;
  l.banner_wait = 400ms;
  return l;
}

struct Run {
  DialogueResult result;
  int calls = 0;  // how often `done` was called
  Clock::duration took{};
};

// Runs `n` dialogues at once on one io_context, the way a worker does, bounded to 20 s.
std::vector<Run> run_dialogues(const asio::ip::tcp::endpoint& to, const Probe& probe,
                               const DialogueLimits& limits, std::size_t n = 1) {
  asio::io_context io;
  std::vector<Run> runs(n);
  const auto started = Clock::now();
  for (std::size_t i = 0; i < n; ++i) {
    start_dialogue(io, to, probe, {}, nullptr, limits, [&runs, i, started](DialogueResult r) {
      runs[i].result = std::move(r);
      runs[i].took = Clock::now() - started;
      ++runs[i].calls;
    });
  }
  io.run_for(20s);
  return runs;
}

Run run_one(const asio::ip::tcp::endpoint& to, const Probe& probe,
            const DialogueLimits& limits = quick_limits()) {
  auto runs = run_dialogues(to, probe, limits);
  EXPECT_EQ(runs[0].calls, 1) << "done is called exactly once";
  return runs[0];
}

const LineProbe kHello("HELLO\r\n", 64 * 1024);
const LineProbe kBanner("", 64 * 1024);

TEST(Dialogue, ARepliedLineEndsComplete) {
  TestServer server([](int c, const std::atomic<bool>& stop) {
    if (await_request(c, stop)) send_all(c, "+OK hello\r\n");
    hold(c, stop);
    ::close(c);
  });
  ASSERT_TRUE(server.listening());
  const auto r = run_one(at(server), kHello);
  EXPECT_TRUE(r.result.connected);
  EXPECT_EQ(r.result.outcome, Outcome::success);
  ASSERT_EQ(r.result.transcript.size(), 1u);
  EXPECT_EQ(r.result.transcript[0].end, ReplyEnd::complete);
  EXPECT_EQ(r.result.transcript[0].reply, "+OK hello\r\n");
}

TEST(Dialogue, AClosedPortIsRefusedAndNotConnected) {
  // A port just released: nothing listens, so the kernel answers the SYN with a reset.
  asio::ip::tcp::endpoint to;
  {
    asio::io_context io;
    asio::ip::tcp::acceptor a(io, {asio::ip::address_v4::loopback(), 0});
    to = a.local_endpoint();
  }
  const auto r = run_one(to, kHello);
  EXPECT_FALSE(r.result.connected);
  EXPECT_EQ(r.result.outcome, Outcome::refused) << r.result.detail;
  EXPECT_TRUE(r.result.transcript.empty());
}

// The fault of issue P2: a server that accepts and resets at once. The handshake completed, so
// the port is open whether the reset reaches the client before or after its connect completes
// (the kernel reports it to connect() as ECONNRESET, never as a refusal): every dialogue is
// connected, with outcome reset. Many at once, so both orders occur.
TEST(Dialogue, AcceptedThenResetAtOnceIsConnectedWithOutcomeReset) {
  TestServer server([](int c, const std::atomic<bool>&) { reset(c); });
  ASSERT_TRUE(server.listening());
  for (const LineProbe* probe : {&kHello, &kBanner}) {
    const auto runs = run_dialogues(at(server), *probe, quick_limits(), 200);
    int before_any_read = 0;
    for (const auto& r : runs) {
      ASSERT_EQ(r.calls, 1);
      EXPECT_TRUE(r.result.connected) << r.result.detail;
      EXPECT_EQ(r.result.outcome, Outcome::reset) << r.result.detail;
      if (r.result.transcript.empty()) {
        ++before_any_read;
      } else {
        EXPECT_EQ(r.result.transcript.back().end, ReplyEnd::reset);
        EXPECT_TRUE(r.result.transcript.back().reply.empty());
      }
    }
    std::printf("[ info ] %s: %d of 200 resets reached connect() itself\n",
                std::string(probe->info().server_speaks_first ? "banner" : "hello").c_str(),
                before_any_read);
  }
}

TEST(Dialogue, ATarpitThatNeverAnswersEndsAtTheReadTimeout) {
  TestServer server([](int c, const std::atomic<bool>& stop) {
    hold(c, stop);
    ::close(c);
  });
  ASSERT_TRUE(server.listening());
  const auto r = run_one(at(server), kHello);
  EXPECT_TRUE(r.result.connected);
  EXPECT_EQ(r.result.outcome, Outcome::timeout);
  ASSERT_EQ(r.result.transcript.size(), 1u);
  EXPECT_EQ(r.result.transcript[0].end, ReplyEnd::timeout);
  EXPECT_TRUE(r.result.transcript[0].reply.empty());
  EXPECT_GE(r.took, quick_limits().read_timeout);
  EXPECT_LT(r.took, 10s) << "bounded by the read timeout, not the test's limit";
}

TEST(Dialogue, ADeadlineCutsAnyTimeoutShort) {
  TestServer server([](int c, const std::atomic<bool>& stop) {
    hold(c, stop);
    ::close(c);
  });
  ASSERT_TRUE(server.listening());
  DialogueLimits limits = quick_limits();
  limits.read_timeout = 15s;
  limits.deadline = Clock::now() + 300ms;
  const auto r = run_one(at(server), kHello, limits);
  EXPECT_EQ(r.result.outcome, Outcome::timeout);
  EXPECT_LT(r.took, 10s) << "the 300 ms deadline, not the 15 s read timeout";
}

TEST(Dialogue, AListenerThatNeverAcceptsTimesOutTheConnect) {
  // Backlog 0 and no accept(): once the queue holds a connection, the kernel drops further SYNs.
  TestServer server([](int, const std::atomic<bool>&) {}, 0, false);
  ASSERT_TRUE(server.listening());
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    const int f = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    const auto ep = at(server);
    (void)::connect(f, ep.data(), static_cast<socklen_t>(ep.size()));
    fillers.push_back(f);
  }
  DialogueLimits limits = quick_limits();
  limits.connect_timeout = 500ms;
  const auto r = run_one(at(server), kHello, limits);
  for (const int f : fillers) ::close(f);
  EXPECT_FALSE(r.result.connected) << "the handshake never completed";
  EXPECT_EQ(r.result.outcome, Outcome::timeout) << r.result.detail;
  EXPECT_GE(r.took, limits.connect_timeout);
  EXPECT_LT(r.took, 10s);
}

TEST(Dialogue, ADripFeedEndsAtTheReadTimeoutWithWhatItSent) {
  TestServer server([](int c, const std::atomic<bool>& stop) {
    const auto end = Clock::now() + 20s;
    while (!stop && Clock::now() < end) {
      if (::send(c, "x", 1, MSG_NOSIGNAL) != 1) break;  // never a line end
      std::this_thread::sleep_for(10ms);
    }
    ::close(c);
  });
  ASSERT_TRUE(server.listening());
  const auto r = run_one(at(server), kBanner);
  EXPECT_TRUE(r.result.connected);
  EXPECT_EQ(r.result.outcome, Outcome::timeout);
  ASSERT_EQ(r.result.transcript.size(), 1u);
  EXPECT_EQ(r.result.transcript[0].end, ReplyEnd::timeout);
  const auto& reply = r.result.transcript[0].reply;
  EXPECT_FALSE(reply.empty());
  EXPECT_EQ(reply.find_first_not_of('x'), std::string::npos);
  EXPECT_LT(r.took, 10s) << "a trickle does not extend the banner wait";
}

TEST(Dialogue, ADripFedReplyIsReassembled) {
  TestServer server([](int c, const std::atomic<bool>& stop) {
    if (await_request(c, stop)) {
      for (const char ch : std::string_view("+OK slowly\r\n")) {
        send_all(c, std::string_view(&ch, 1));
        std::this_thread::sleep_for(5ms);
      }
    }
    hold(c, stop);
    ::close(c);
  });
  ASSERT_TRUE(server.listening());
  DialogueLimits limits = quick_limits();
  limits.read_timeout = 10s;  // generous: this case is about reassembly
  const auto r = run_one(at(server), kHello, limits);
  EXPECT_EQ(r.result.outcome, Outcome::success);
  ASSERT_EQ(r.result.transcript.size(), 1u);
  EXPECT_EQ(r.result.transcript[0].end, ReplyEnd::complete);
  EXPECT_EQ(r.result.transcript[0].reply, "+OK slowly\r\n");
}

TEST(Dialogue, AnEndlessStreamStopsAtTheReplyCap) {
  TestServer server([](int c, const std::atomic<bool>& stop) {
    const std::string chunk(16384, 'A');
    const auto end = Clock::now() + 20s;
    for (int i = 0; i < 16384 && !stop && Clock::now() < end; ++i) {  // at most 256 MiB
      if (::send(c, chunk.data(), chunk.size(), MSG_NOSIGNAL) <= 0) break;
    }
    ::close(c);
  });
  ASSERT_TRUE(server.listening());
  for (const std::uint32_t cap : {10000u, 100000u}) {
    const LineProbe probe("", cap);
    const auto r = run_one(at(server), probe);
    EXPECT_TRUE(r.result.connected);
    EXPECT_EQ(r.result.outcome, Outcome::cap_exceeded);
    ASSERT_EQ(r.result.transcript.size(), 1u);
    EXPECT_EQ(r.result.transcript[0].end, ReplyEnd::cap_reached);
    EXPECT_EQ(r.result.transcript[0].reply.size(), cap);
    EXPECT_LT(r.took, 10s);
  }
  // The engine's own cap holds under a probe that allows more.
  DialogueLimits limits = quick_limits();
  limits.max_reply_bytes = 5000;
  const auto r = run_one(at(server), kBanner, limits);
  EXPECT_EQ(r.result.outcome, Outcome::cap_exceeded);
  ASSERT_EQ(r.result.transcript.size(), 1u);
  EXPECT_EQ(r.result.transcript[0].reply.size(), 5000u);
}

TEST(Dialogue, AResetMidReplyEndsWithResetAndKeepsWhatCame) {
  static constexpr std::string_view kHalf = "+OK this line never ends";
  TestServer server([](int c, const std::atomic<bool>& stop) {
    if (await_request(c, stop)) {
      send_all(c, kHalf);
      std::this_thread::sleep_for(50ms);
    }
    reset(c);
  });
  ASSERT_TRUE(server.listening());
  DialogueLimits limits = quick_limits();
  limits.read_timeout = 10s;  // the reset, not the timer, must end it
  const auto r = run_one(at(server), kHello, limits);
  EXPECT_TRUE(r.result.connected);
  EXPECT_EQ(r.result.outcome, Outcome::reset) << r.result.detail;
  ASSERT_EQ(r.result.transcript.size(), 1u);
  EXPECT_EQ(r.result.transcript[0].end, ReplyEnd::reset);
  // What arrived before the reset is kept (a prefix: the kernel may drop unread data).
  EXPECT_TRUE(kHalf.starts_with(r.result.transcript[0].reply)) << r.result.transcript[0].reply;
  EXPECT_LT(r.took, 10s);
}

TEST(Dialogue, ACleanCloseMidReplyEndsClosed) {
  TestServer server([](int c, const std::atomic<bool>& stop) {
    if (await_request(c, stop)) send_all(c, "+OK half");
    ::close(c);
  });
  ASSERT_TRUE(server.listening());
  DialogueLimits limits = quick_limits();
  limits.read_timeout = 10s;
  const auto r = run_one(at(server), kHello, limits);
  EXPECT_EQ(r.result.outcome, Outcome::closed) << r.result.detail;
  ASSERT_EQ(r.result.transcript.size(), 1u);
  EXPECT_EQ(r.result.transcript[0].end, ReplyEnd::closed);
  EXPECT_EQ(r.result.transcript[0].reply, "+OK half");
}

TEST(Dialogue, GarbageIsAProtocolMismatch) {
  TestServer server([](int c, const std::atomic<bool>& stop) {
    std::string junk(4096, '\0');
    for (std::size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>((i * 131 + 7) & 0xff);
    junk[0] = '\x80';
    send_all(c, junk);
    hold(c, stop);
    ::close(c);
  });
  ASSERT_TRUE(server.listening());
  DialogueLimits limits = quick_limits();
  limits.banner_wait = 10s;  // framing, not the timer, must end it
  const auto r = run_one(at(server), kBanner, limits);
  EXPECT_TRUE(r.result.connected);
  EXPECT_EQ(r.result.outcome, Outcome::protocol_mismatch);
  ASSERT_EQ(r.result.transcript.size(), 1u);
  EXPECT_EQ(r.result.transcript[0].end, ReplyEnd::complete);
  EXPECT_FALSE(r.result.transcript[0].reply.empty());
  EXPECT_LT(r.took, 10s);
}

TEST(Dialogue, APlainTextServerUnderTlsIsATlsError) {
  TestServer server([](int c, const std::atomic<bool>& stop) {
    if (await_request(c, stop)) send_all(c, "-ERR this is not TLS\r\n");
    hold(c, stop);
    ::close(c);
  });
  ASSERT_TRUE(server.listening());
  asio::ssl::context tls = make_scan_tls_context();
  asio::io_context io;
  std::optional<DialogueResult> got;
  int calls = 0;
  start_dialogue(io, at(server), kHello, {}, &tls, quick_limits(), [&](DialogueResult r) {
    got = std::move(r);
    ++calls;
  });
  io.run_for(20s);
  ASSERT_EQ(calls, 1);
  EXPECT_TRUE(got->connected);
  EXPECT_EQ(got->outcome, Outcome::tls_error) << got->detail;
  EXPECT_TRUE(got->transcript.empty());
}

TEST(Dialogue, ATlsTarpitTimesOutTheHandshake) {
  TestServer server([](int c, const std::atomic<bool>& stop) {
    hold(c, stop);  // reads the ClientHello, never answers
    ::close(c);
  });
  ASSERT_TRUE(server.listening());
  asio::ssl::context tls = make_scan_tls_context();
  asio::io_context io;
  std::optional<DialogueResult> got;
  int calls = 0;
  const auto started = Clock::now();
  start_dialogue(io, at(server), kHello, {}, &tls, quick_limits(), [&](DialogueResult r) {
    got = std::move(r);
    ++calls;
  });
  io.run_for(20s);
  ASSERT_EQ(calls, 1);
  EXPECT_TRUE(got->connected);
  EXPECT_EQ(got->outcome, Outcome::timeout) << got->detail;
  EXPECT_LT(Clock::now() - started, 10s);
}

}  // namespace
}  // namespace lw::net
