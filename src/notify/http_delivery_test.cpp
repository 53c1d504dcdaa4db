// Integration: deliver() POSTs to a real HTTP receiver (Python http.server, testdata/
// webhook_receiver.py) on 127.0.4.40:8080 that records each request, verifies the signature
// itself, and answers 200, 202, 400, 429/503 with Retry-After, 500, 302, a 1 MiB body, or hangs.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "notify/deliver.h"
#include "notify/notify_test_util.h"
#include "notify/retry.h"
#include "support/process.h"

namespace lw::notify {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kAddr = "127.0.4.40";
constexpr int kPort = 8080;
constexpr const char* kSecret = "whsec-test-only";

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class HttpDelivery : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = dir_ / "requests.jsonl";
    receiver_ = lw::testing::Process::spawn(
        {"python3", std::string(LW_NOTIFY_DIR) + "/testdata/webhook_receiver.py", "--address",
         kAddr, "--port", std::to_string(kPort), "--log", log_, "--secret", kSecret},
        "", dir_ / "receiver.err");
    ASSERT_TRUE(lw::testing::wait_for_port(kAddr, kPort, 20s))
        << lw::testing::read_file(dir_ / "receiver.err");
  }

  Channel channel(ChannelKind kind, const std::string& path) const {
    Channel c;
    c.name = "receiver";  // not the path: a Slack or Mattermost URL path is itself a secret
    c.kind = kind;
    c.url = std::string("http://") + kAddr + ":" + std::to_string(kPort) + path;
    c.secret = kSecret;
    c.routing_key = "R0UTINGKEY-secret";
    c.timeout = 5s;
    return c;
  }

  std::vector<json> requests() const {
    std::vector<json> out;
    std::istringstream in(lw::testing::read_file(log_));
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
    return out;
  }

  lw::testing::TempDir dir_;
  std::string log_;
  lw::testing::Process receiver_;
};

TEST_F(HttpDelivery, WebhookIsSignedAndCarriesTheIdempotencyKey) {
  const Notification n = testing::sample_notification(2);
  const auto r = deliver(channel(ChannelKind::webhook, "/ok"), n, now_ms());
  ASSERT_EQ(r.status, DeliveryStatus::delivered) << r.error;
  EXPECT_EQ(r.response_code, 200);
  const auto reqs = requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_TRUE(reqs[0]["signature_ok"]) << reqs[0]["headers"].dump();
  EXPECT_EQ(reqs[0]["headers"]["idempotency-key"], "nk-0123456789abcdef");
  EXPECT_EQ(reqs[0]["headers"]["content-type"], "application/json");
  const json body = json::parse(reqs[0]["body"].get<std::string>());
  EXPECT_EQ(body["idempotency_key"], "nk-0123456789abcdef");
  EXPECT_EQ(body["alerts"].size(), 2u);

  // The same body under another key does not verify: the receiver really checks.
  Channel wrong = channel(ChannelKind::webhook, "/ok");
  wrong.secret = "another-key";
  ASSERT_EQ(deliver(wrong, n, now_ms()).status, DeliveryStatus::delivered);
  EXPECT_FALSE(requests()[1]["signature_ok"]);
}

TEST_F(HttpDelivery, RetryAfterOn429And503InSecondsAndAsHttpDate) {
  const Notification n = testing::sample_notification();
  auto r = deliver(channel(ChannelKind::webhook, "/429"), n, now_ms());
  EXPECT_EQ(r.status, DeliveryStatus::retry);
  EXPECT_EQ(r.response_code, 429);
  EXPECT_EQ(r.retry_after, 7s);
  EXPECT_EQ(next_attempt_delay(1, r.retry_after, 0), 7s);

  r = deliver(channel(ChannelKind::webhook, "/429-date"), n, now_ms());
  EXPECT_EQ(r.status, DeliveryStatus::retry);
  ASSERT_TRUE(r.retry_after);
  EXPECT_GE(*r.retry_after, 60s);  // the receiver said now + 120 s as an HTTP-date
  EXPECT_LE(*r.retry_after, 121s);

  r = deliver(channel(ChannelKind::slack, "/503"), n, now_ms());
  EXPECT_EQ(r.status, DeliveryStatus::retry);
  EXPECT_EQ(r.retry_after, 3s);

  r = deliver(channel(ChannelKind::mattermost, "/503-none"), n, now_ms());
  EXPECT_EQ(r.status, DeliveryStatus::retry);
  EXPECT_EQ(r.retry_after, std::nullopt);

  r = deliver(channel(ChannelKind::webhook, "/500"), n, now_ms());
  EXPECT_EQ(r.status, DeliveryStatus::retry);
  EXPECT_EQ(r.response_code, 500);
}

TEST_F(HttpDelivery, OtherClientErrorsAndRedirectsArePermanentWithoutSecrets) {
  const Notification n = testing::sample_notification();
  for (const char* path : {"/400", "/302"}) {
    const Channel c = channel(ChannelKind::pagerduty, path);
    const auto r = deliver(c, n, now_ms());
    EXPECT_EQ(r.status, DeliveryStatus::permanent) << path;
    EXPECT_NE(r.error.find("HTTP"), std::string::npos) << r.error;
    EXPECT_EQ(r.error.find(c.url), std::string::npos) << r.error;
    EXPECT_EQ(r.error.find(path), std::string::npos) << r.error;
    EXPECT_EQ(r.error.find("R0UTINGKEY"), std::string::npos) << r.error;
  }
  // The 302 was not followed: /ok never saw a request.
  for (const auto& req : requests()) EXPECT_NE(req["path"], "/ok");
}

TEST_F(HttpDelivery, HangingReceiverTimesOutWithinTheChannelTimeout) {
  Channel c = channel(ChannelKind::webhook, "/hang");
  c.timeout = 1s;
  const auto start = std::chrono::steady_clock::now();
  const auto r = deliver(c, testing::sample_notification(), now_ms());
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status, DeliveryStatus::retry);
  EXPECT_NE(r.error.find("Timeout"), std::string::npos) << r.error;
  EXPECT_LT(took, 20s);  // bounded by the 1 s timeout; generous against a loaded machine
}

TEST_F(HttpDelivery, OversizedReplyIsCutButA2xxStillCounts) {
  const auto r =
      deliver(channel(ChannelKind::webhook, "/big"), testing::sample_notification(), now_ms());
  EXPECT_EQ(r.status, DeliveryStatus::delivered) << r.error;
  EXPECT_EQ(r.response_code, 200);
}

TEST_F(HttpDelivery, SlackMattermostAndPagerDutyBodiesArrive) {
  Notification n = testing::sample_notification(2);
  n.alerts[1].status = "resolved";
  ASSERT_EQ(deliver(channel(ChannelKind::slack, "/ok"), n, now_ms()).status,
            DeliveryStatus::delivered);
  ASSERT_EQ(deliver(channel(ChannelKind::mattermost, "/ok"), n, now_ms()).status,
            DeliveryStatus::delivered);
  const auto pd = deliver(channel(ChannelKind::pagerduty, "/v2/enqueue"), n, now_ms());
  ASSERT_EQ(pd.status, DeliveryStatus::delivered) << pd.error;
  EXPECT_EQ(pd.response_code, 202);
  const auto reqs = requests();
  ASSERT_EQ(reqs.size(), 4u);
  const json slack = json::parse(reqs[0]["body"].get<std::string>());
  EXPECT_EQ(slack["blocks"][0]["type"], "header");
  EXPECT_FALSE(reqs[0]["headers"].contains("x-leakwatch-signature"));
  const json mm = json::parse(reqs[1]["body"].get<std::string>());
  EXPECT_EQ(mm["attachments"].size(), 2u);
  const json trigger = json::parse(reqs[2]["body"].get<std::string>());
  const json resolve = json::parse(reqs[3]["body"].get<std::string>());
  EXPECT_EQ(trigger["event_action"], "trigger");
  EXPECT_EQ(trigger["dedup_key"], n.alerts[0].alert_id);
  EXPECT_EQ(resolve["event_action"], "resolve");
  EXPECT_EQ(resolve["dedup_key"], n.alerts[1].alert_id);
}

TEST_F(HttpDelivery, RefusedConnectionIsRetried) {
  Channel c = channel(ChannelKind::webhook, "/ok");
  c.url = std::string("http://") + kAddr + ":8081/ok";  // nothing listens there
  const auto r = deliver(c, testing::sample_notification(), now_ms());
  EXPECT_EQ(r.status, DeliveryStatus::retry);
  EXPECT_FALSE(r.error.empty());
}

}  // namespace
}  // namespace lw::notify
