#include "notify/notification.h"

#include <gtest/gtest.h>

#include "notify/channel.h"
#include "notify/notify_test_util.h"

namespace lw::notify {
namespace {

TEST(Notification, JsonRoundTripKeepsEveryMember) {
  const Notification n = testing::sample_notification(3);
  const auto back = notification_from_json_text(to_json_text(n));
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(to_json(*back), to_json(n));
  EXPECT_EQ(back->alerts[2].findings[1].masked, "***-**-1234");
  EXPECT_EQ(back->alerts[0].first_seen_ms, 1796540400000);
}

TEST(Notification, InvalidUtf8IsReplacedNotThrown) {
  Notification n = testing::sample_notification();
  n.alerts[0].summary = "bad \xff byte";
  const std::string text = to_json_text(n);
  const auto back = notification_from_json_text(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->alerts[0].summary, "bad \xEF\xBF\xBD byte");
}

TEST(Notification, BadInputNamesTheMember) {
  auto r = notification_from_json_text(
      R"({"idempotency_key":"k","channel":"c","alerts":[{"alert_id":"a","rule":"r","status":"firing","port":70000}]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, "alerts[0].port");
  r = notification_from_json_text(R"({"idempotency_key":"k","alerts":[]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, "notification.channel");
  r = notification_from_json_text(
      R"({"idempotency_key":"k","channel":"c","alerts":[{"alert_id":"a","rule":"r","status":"maybe"}]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, "alerts[0].status");
  r = notification_from_json_text(
      R"({"idempotency_key":"k","channel":"c","alerts":[{"alert_id":"a","rule":"r","status":"firing","findings":[{"type":1}]}]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, "alerts[0].findings[0].type");
  r = notification_from_json_text("{not json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::parse_error);
}

TEST(Notification, CapsSizeAndDepth) {
  EXPECT_EQ(notification_from_json_text(std::string(kMaxStoredBytes + 1, ' ')).error().code,
            ErrorCode::too_large);
  EXPECT_EQ(notification_from_json_text(std::string(100, '[') + std::string(100, ']')).error().code,
            ErrorCode::too_deep);
  // Brackets inside strings do not count.
  Notification n = testing::sample_notification();
  n.alerts[0].summary = std::string(50, '[');
  EXPECT_TRUE(notification_from_json_text(to_json_text(n)));
}

TEST(Notification, ServiceBracketsIpv6) {
  AlertPayload a = testing::sample_alert();
  EXPECT_EQ(a.service(), "127.0.1.1:6379/tcp");
  a.address = "::1";
  EXPECT_EQ(a.service(), "[::1]:6379/tcp");
}

TEST(Channel, AcceptsBySeverityAndAsset) {
  Channel c;
  c.min_severity = "high";
  AlertPayload a = testing::sample_alert();
  EXPECT_TRUE(channel_accepts(c, a));
  a.severity = "medium";
  EXPECT_FALSE(channel_accepts(c, a));
  a.severity = "critical";
  c.assets = {"other"};
  EXPECT_FALSE(channel_accepts(c, a));
  c.assets.push_back("prod-cache");
  EXPECT_TRUE(channel_accepts(c, a));
}

}  // namespace
}  // namespace lw::notify
