// Receiver faults (issue 14): the daemon's webhook receiver (127.0.8.210:8080) answers 500, 429
// with Retry-After, or never; the alerts for an open Redis at 127.0.8.11 are delivered once it
// answers again, once each, and the retries keep to the backoff and to Retry-After
// (docs/notifications.md, "Retries, backoff and dead letters").
#include <gtest/gtest.h>

#include <fstream>

#include "serve/serve_fixture.h"

namespace lw::testing::serve {
namespace {

constexpr const char* kRedis = "127.0.8.11";
constexpr const char* kHook = "127.0.8.210";
constexpr const char* kSecret = "whsec-serve-faults";

class ServeFaults : public ::testing::Test {
 protected:
  // Starts the receiver in `mode`, the Redis and the daemon (webhook timeout `timeout`).
  void start(const std::string& mode, int times, std::optional<int> retry_after,
             const std::string& timeout = "5s") {
    ASSERT_EQ(hook_.start(kHook, 8080, kSecret), "");
    ASSERT_TRUE(hook_.set_mode(mode, times, retry_after));
    ASSERT_EQ(start_open_redis(redis_, dir_, kRedis), "");
    std::ofstream(dir_ / "hook.key") << kSecret << "\n";
    config_.catalog = dir_ / "catalog.db";
    config_.assets = {{"faults", {"127.0.8.10-127.0.8.12"}, {6379}, "1h", 0}};
    config_.channels = {ServeConfig::webhook("hook", hook_.url(), dir_ / "hook.key", timeout)};
    config_.write(dir_ / "serve.yaml");
    daemon_.start();
    ASSERT_TRUE(daemon_.wait_for("started", 30s)) << daemon_.log_tail();
  }

  // The requests for the first idempotency key the receiver saw, once `pred` holds for them.
  std::vector<ReceivedRequest> wait_for_key(
      const std::function<bool(const std::vector<ReceivedRequest>&)>& pred,
      std::chrono::milliseconds limit) {
    std::vector<ReceivedRequest> of_key;
    eventually(
        [&] {
          of_key.clear();
          const auto all = hook_.requests();
          for (const auto& r : all) {
            if (r.idempotency_key == all.front().idempotency_key) of_key.push_back(r);
          }
          return !of_key.empty() && pred(of_key);
        },
        limit);
    return of_key;
  }

  // Every alert of the incident delivered exactly once, and no key answered 2xx twice.
  void expect_each_alert_delivered_once() {
    const auto incident = incident_for(config_.catalog, std::string(kRedis) + ":6379");
    ASSERT_TRUE(incident) << daemon_.log_tail();
    const auto got = hook_.requests();
    auto firing = firing_deliveries(got);
    ASSERT_FALSE((*incident)["alert_ids"].empty());
    for (const auto& id : (*incident)["alert_ids"]) {
      EXPECT_EQ(firing[id.get<std::string>()], 1) << id << "\n" << daemon_.log_tail();
    }
    std::map<std::string, int> keys;
    for (const auto& r : delivered(got)) ++keys[r.idempotency_key];
    for (const auto& [key, n] : keys) {
      EXPECT_EQ(n, 1) << key;
    }
    for (const auto& r : got) EXPECT_TRUE(r.signature_ok) << r.raw_body;
    const auto outbox = leakwatch_json({"outbox", "list", "--json", "--db", config_.catalog});
    ASSERT_TRUE(outbox);
    EXPECT_TRUE((*outbox)["dead_letters"].empty()) << outbox->dump();
  }

  void TearDown() override {
    if (daemon_.running()) {
      EXPECT_EQ(daemon_.stop(20s), 0) << daemon_.log_tail();
    }
  }

  TempDir dir_;
  WebhookReceiver hook_;
  Process redis_;
  ServeConfig config_;
  Daemon daemon_{dir_ / "serve.yaml", dir_.path()};
};

bool answered_2xx(const std::vector<ReceivedRequest>& rs) {
  return !delivered(rs).empty();
}

TEST_F(ServeFaults, ServerErrorIsRetriedWithBackoffAndDeliveredOnce) {
  start("500", 1, std::nullopt);
  const auto tries = wait_for_key(answered_2xx, 120s);
  ASSERT_GE(tries.size(), 2u) << daemon_.log_tail();
  EXPECT_EQ(tries[0].status, 500);
  EXPECT_EQ(tries.back().status, 200);
  EXPECT_EQ(tries.back().raw_body, tries[0].raw_body) << "a retry sends the same notification";
  // The first retry waits the exponential backoff: 30 s with equal jitter, so at least 15 s.
  EXPECT_GE(tries[1].time - tries[0].time, 14.5) << daemon_.log_tail();
  EXPECT_TRUE(daemon_.wait_for("retry", 1s)) << daemon_.log_tail();
  EXPECT_TRUE(daemon_.wait_for("delivered", 10s)) << daemon_.log_tail();
  expect_each_alert_delivered_once();
}

TEST_F(ServeFaults, TooManyRequestsWaitsForRetryAfter) {
  start("429", 1, 4);
  const auto tries = wait_for_key(answered_2xx, 90s);
  ASSERT_GE(tries.size(), 2u) << daemon_.log_tail();
  EXPECT_EQ(tries[0].status, 429);
  EXPECT_EQ(tries[1].status, 200);
  const double waited = tries[1].time - tries[0].time;
  EXPECT_GE(waited, 4.0) << "the retry came before Retry-After";
  // Sooner than the backoff's least wait (15 s): the receiver's Retry-After was taken.
  EXPECT_LT(waited, 15.0) << daemon_.log_tail();
  expect_each_alert_delivered_once();
}

TEST_F(ServeFaults, HangingReceiverIsBoundedByTheChannelTimeoutAndDeliveredLater) {
  start("hang", 0, std::nullopt, "2s");
  const auto hung = wait_for_key([](const auto& rs) { return !rs.empty(); }, 90s);
  ASSERT_FALSE(hung.empty()) << daemon_.log_tail();
  EXPECT_EQ(hung[0].status, 0);
  // The 2 s timeout ends the attempt: the daemon logs a retry long before the receiver's hang
  // (120 s) would end it.
  const auto retry = daemon_.wait_for("retry", 20s);
  ASSERT_TRUE(retry) << daemon_.log_tail();
  EXPECT_LT(static_cast<double>(now_ms()) / 1000 - hung[0].time, 25.0);
  ASSERT_TRUE(hook_.set_mode("200"));
  const auto tries = wait_for_key(answered_2xx, 90s);
  ASSERT_TRUE(answered_2xx(tries)) << daemon_.log_tail();
  expect_each_alert_delivered_once();
}

}  // namespace
}  // namespace lw::testing::serve
