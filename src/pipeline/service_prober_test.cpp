// probe_service's handling of a connection this side could not make and of a rate limit that
// holds the first connection back, against a real loopback listener (port 0).
#include "pipeline/service_prober.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

#include <asio/steady_timer.hpp>

#include "support/loopback_server.h"

namespace lw::pipeline {
namespace {

using namespace std::chrono_literals;

// The sanitizers' runtime needs free descriptors of its own: UBSan's vptr check tests memory
// through a pipe, and with none left it reports every virtual call as an invalid vptr. The
// tests that use up every descriptor therefore run in the release build only.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LW_TEST_UNDER_SANITIZERS 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define LW_TEST_UNDER_SANITIZERS 1
#endif
#ifdef LW_TEST_UNDER_SANITIZERS
constexpr bool kUnderSanitizers = true;
#else
constexpr bool kUnderSanitizers = false;
#endif
constexpr const char* kDroughtSkip =
    "uses up every descriptor, which the sanitizer runtime needs itself (runs in the release "
    "build)";

// Lowers the soft descriptor limit and opens descriptors until none is left; gives them back
// (and the limit) when released or destroyed.
class DescriptorDrought {
 public:
  DescriptorDrought() {
    ::getrlimit(RLIMIT_NOFILE, &old_);
    rlimit low = old_;
    low.rlim_cur = std::min<rlim_t>(old_.rlim_cur, 256);
    ::setrlimit(RLIMIT_NOFILE, &low);
    for (int i = 0; i < 256; ++i) {
      const int fd = ::open("/dev/null", O_RDONLY);
      if (fd < 0) break;
      fds_.push_back(fd);
    }
  }
  ~DescriptorDrought() { release(); }
  DescriptorDrought(const DescriptorDrought&) = delete;
  DescriptorDrought& operator=(const DescriptorDrought&) = delete;

  bool dry() const { return ::open("/dev/null", O_RDONLY) < 0 && errno == EMFILE; }
  void release() {
    for (const int fd : fds_) ::close(fd);
    fds_.clear();
    ::setrlimit(RLIMIT_NOFILE, &old_);
  }

 private:
  rlimit old_{};
  std::vector<int> fds_;
};

struct Fixture {
  asio::io_context io;
  // The kernel completes handshakes into the backlog: no accept() is needed for connect-only.
  asio::ip::tcp::acceptor listener{io, {asio::ip::address_v4::loopback(), 0}};
  ProberSettings settings;
  discovery::Target target;

  Fixture() {
    settings.connect_only = true;
    settings.limits.connect_timeout = 1s;
    settings.service_budget = 10s;
    target = {*Address::parse("127.0.0.1"), listener.local_endpoint().port()};
  }

  std::optional<ServiceOutcome> run(const ConnectGate& gate) {
    std::optional<ServiceOutcome> got;
    int calls = 0;
    probe_service(io, settings, target, "", gate, [&](ServiceOutcome o) {
      got = std::move(o);
      ++calls;
    });
    io.run_for(15s);
    EXPECT_EQ(calls, 1);
    return got;
  }
};

const ConnectGate kOpenGate = [](std::function<void()> start) { start(); };

TEST(ServiceProber, AConnectionThisSideCouldNotMakeIsTriedAgain) {
  if (kUnderSanitizers) GTEST_SKIP() << kDroughtSkip;
  Fixture f;
  DescriptorDrought drought;
  ASSERT_TRUE(drought.dry());
  asio::steady_timer rain(f.io);
  rain.expires_after(150ms);  // after the first try and its first retry
  rain.async_wait([&](const asio::error_code&) { drought.release(); });
  const auto got = f.run(kOpenGate);
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->port_open) << to_string(got->record.outcome);
  EXPECT_EQ(got->record.probe, "connect");
}

TEST(ServiceProber, ATargetThisSideNeverCouldTryEndsAppErrorNotClosed) {
  if (kUnderSanitizers) GTEST_SKIP() << kDroughtSkip;
  Fixture f;
  std::optional<ServiceOutcome> got;
  {
    DescriptorDrought drought;
    ASSERT_TRUE(drought.dry());
    got = f.run(kOpenGate);
  }
  ASSERT_TRUE(got);
  EXPECT_FALSE(got->port_open);
  // Not refused or timeout: the worker must neither call it closed nor tell the catalog "gone".
  EXPECT_EQ(got->record.outcome, Outcome::app_error);
}

// Reads a banner line and calls it identified (stands in for the banner probe).
class BannerLine final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override {
    static const ProbeInfo kInfo{.id = "banner",
                                 .default_ports = {},
                                 .tls_ports = {},
                                 .kind = ServiceKind::generic,
                                 .max_reply_bytes = 4096,
                                 .server_speaks_first = true,
                                 .role = ProbeRole::banner};
    return kInfo;
  }
  std::optional<Exchange> next(const ProbeOptions&, const Transcript& t) const override {
    if (!t.empty()) return std::nullopt;
    return Exchange{"banner", "", 4096};
  }
  Framing frame(const Exchange&, std::string_view reply) const override {
    return reply.ends_with("\r\n") ? Framing::complete : Framing::need_more;
  }
  Result<Observation> parse(const Transcript& t) const override {
    Observation o;
    o.identified = !t.empty() && !t[0].reply.empty();
    o.product = "line";
    return o;
  }
  Verdict judge(const Observation& o) const override { return verdict_from_facts(o); }
};

TEST(ServiceProber, TheBudgetStartsWithTheFirstConnectionNotInTheRateQueue) {
  // A server whose banner comes 100 ms after the connection.
  testing::TestServer server([](int c, const std::atomic<bool>& stop) {
    std::this_thread::sleep_for(100ms);
    testing::send_all(c, "HELLO\r\n");
    testing::hold(c, stop);
    ::close(c);
  });
  ASSERT_TRUE(server.listening());
  Fixture f;
  const BannerLine banner;
  f.settings.connect_only = false;
  f.settings.probes = {&banner};
  f.settings.limits.banner_wait = 5s;
  f.settings.service_budget = 2s;
  f.target.port = server.port();
  // A rate limit that lets the first connection start only after the whole budget's length.
  asio::steady_timer later(f.io);
  const ConnectGate slow = [&](std::function<void()> start) {
    later.expires_after(2500ms);
    later.async_wait([start = std::move(start)](const asio::error_code&) { start(); });
  };
  const auto got = f.run(slow);
  ASSERT_TRUE(got);
  ASSERT_TRUE(got->port_open);
  EXPECT_EQ(got->record.outcome, Outcome::success)
      << "the budget ran out in the queue: " << got->record.verdict.reason;
  EXPECT_EQ(got->record.product, "line");
}

}  // namespace
}  // namespace lw::pipeline
