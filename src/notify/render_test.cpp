// The bodies against the documented formats: our webhook schema (docs/notifications.md), Slack
// Block Kit (header <= 150, section <= 3000), Mattermost attachments, PagerDuty Events API v2,
// RFC 5322 and RFC 5424 (ABNF checked by a regular expression of section 6).
#include "notify/render.h"

#include <gtest/gtest.h>

#include <array>
#include <regex>

#include "notify/notify_test_util.h"
#include "notify/text.h"

namespace lw::notify {
namespace {

using nlohmann::json;

TEST(Signature, HmacSha256MatchesRfc4231AndPython) {
  // RFC 4231 test case 2.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // python3: hmac.new(b's3cret', b'1796540460.{"a":1}', hashlib.sha256).hexdigest()
  EXPECT_EQ(webhook_signature("s3cret", 1796540460, R"({"a":1})"),
            "t=1796540460,v1=3fb644757e24fbc014bf988643e935a12dbe1147165e65bd8994140c1cd8648e");
}

TEST(Webhook, OurSchemaWithIdempotencyKeyAndCaps) {
  Notification n = testing::sample_notification(kMaxAlertsPerMessage + 5);
  n.alerts[0].findings.resize(kMaxFindingsPerAlert + 3, {"email", "a***@b***.org", 1, "low"});
  const json j = json::parse(render_webhook(n));
  EXPECT_EQ(j["schema"], "leakwatch.notification/1");
  EXPECT_EQ(j["idempotency_key"], "nk-0123456789abcdef");
  EXPECT_EQ(j["alerts"].size(), kMaxAlertsPerMessage);
  EXPECT_EQ(j["more_alerts"], 5);
  EXPECT_EQ(j["alerts"][0]["findings"].size(), kMaxFindingsPerAlert);
  EXPECT_EQ(j["alerts"][0]["more_findings"], 3);
  EXPECT_EQ(j["alerts"][1]["alert_id"], "al-7f3a9c0d1");
  EXPECT_EQ(j["alerts"][1]["severity_reasons"][0], "an open store holds US SSNs");
  EXPECT_EQ(j["alerts"][1]["first_seen_ms"], 1796540400000);
}

TEST(Slack, TextAndBlocksWithinLimits) {
  Notification n = testing::sample_notification(kMaxAlertsPerMessage + 2);
  n.alerts[0].summary = "<!channel> & " + std::string(5000, 'x');
  n.asset = std::string(300, 'a');
  const json j = json::parse(render_slack(n));
  ASSERT_TRUE(j["text"].is_string());
  const auto& blocks = j["blocks"];
  ASSERT_EQ(blocks.size(), kMaxAlertsPerMessage + 2);  // header, sections, context
  EXPECT_LE(blocks.size(), 50u);
  EXPECT_EQ(blocks[0]["type"], "header");
  EXPECT_EQ(blocks[0]["text"]["type"], "plain_text");
  EXPECT_LE(blocks[0]["text"]["text"].get<std::string>().size(), 150u);
  const std::string first = blocks[1]["text"]["text"];
  EXPECT_EQ(blocks[1]["text"]["type"], "mrkdwn");
  EXPECT_LE(first.size(), 3000u);
  EXPECT_NE(first.find("&lt;!channel&gt; &amp;"), std::string::npos);  // no mention, escaped
  EXPECT_EQ(blocks.back()["type"], "context");
  EXPECT_NE(blocks.back()["elements"][0]["text"].get<std::string>().find("and 2 more alerts"),
            std::string::npos);
  const std::string second = blocks[2]["text"]["text"];
  EXPECT_NE(second.find("*[CRITICAL] sensitive_data: redis at 127.0.1.2:6379/tcp"),
            std::string::npos);
  EXPECT_NE(second.find("us_ssn x3 e.g. ***-**-1234 (critical)"), std::string::npos);
  EXPECT_NE(second.find("*First seen:* 2026-12-06T07:00:00.000Z"), std::string::npos);
}

TEST(Mattermost, TextAndAttachmentsWithFields) {
  Notification n = testing::sample_notification(2);
  n.alerts[1].status = "resolved";
  const json j = json::parse(render_mattermost(n));
  EXPECT_EQ(j["text"], "#### leakwatch: 2 alerts for asset prod-cache (highest: critical)");
  ASSERT_EQ(j["attachments"].size(), 2u);
  const auto& a = j["attachments"][0];
  EXPECT_EQ(a["color"], "#8b0000");
  EXPECT_EQ(j["attachments"][1]["color"], "#2eb886");
  EXPECT_EQ(a["title"],
            "[CRITICAL] sensitive_data: redis at 127.0.1.1:6379/tcp (asset prod-cache)");
  EXPECT_EQ(a["fields"][0]["title"], "Severity");
  EXPECT_EQ(a["fields"][0]["short"], true);
  EXPECT_TRUE(a["fallback"].is_string());
}

TEST(PagerDuty, TriggerAndResolveEvents) {
  Notification n = testing::sample_notification(2);
  n.alerts[1].status = "resolved";
  const auto events = render_pagerduty(n, "R0UTINGKEY");
  ASSERT_EQ(events.size(), 2u);
  const json t = json::parse(events[0]);
  EXPECT_EQ(t["routing_key"], "R0UTINGKEY");
  EXPECT_EQ(t["event_action"], "trigger");
  EXPECT_EQ(t["dedup_key"], "al-7f3a9c0d0");
  EXPECT_EQ(t["payload"]["severity"], "critical");
  EXPECT_EQ(t["payload"]["source"], "127.0.1.1:6379/tcp");
  EXPECT_EQ(t["payload"]["timestamp"], "2026-12-06T07:01:00.000Z");
  EXPECT_LE(t["payload"]["summary"].get<std::string>().size(), 1024u);
  EXPECT_EQ(t["payload"]["custom_details"]["findings"][1]["masked"], "***-**-1234");
  const json r = json::parse(events[1]);
  EXPECT_EQ(r["event_action"], "resolve");
  EXPECT_EQ(r["dedup_key"], "al-7f3a9c0d1");
  EXPECT_FALSE(r.contains("payload"));
  EXPECT_EQ(pagerduty_severity("high"), "error");
  EXPECT_EQ(pagerduty_severity("medium"), "warning");
  EXPECT_EQ(pagerduty_severity("low"), "info");
  EXPECT_FALSE(t["payload"]["custom_details"].contains("more_findings"));
  // At most kMaxFindingsPerAlert findings, the rest counted.
  n.alerts[0].findings.resize(kMaxFindingsPerAlert + 3, {"email", "a***@b***.org", 1, "low"});
  const json capped = json::parse(render_pagerduty(n, "R0UTINGKEY")[0]);
  EXPECT_EQ(capped["payload"]["custom_details"]["findings"].size(), kMaxFindingsPerAlert);
  EXPECT_EQ(capped["payload"]["custom_details"]["more_findings"], 3);
}

TEST(Email, Rfc5322MessageWithSeverityAndAsset) {
  Channel c;
  c.from = "leakwatch <leakwatch@example.org>";
  c.to = {"oncall@example.com", "sec@example.com"};
  Notification n = testing::sample_notification(kMaxAlertsPerMessage + 1);
  n.alerts[0].summary = "line one\r\nBcc: evil@example.net";
  const std::string m = render_email(n, c, 1796540460123);
  const auto head_end = m.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  const std::string head = m.substr(0, head_end + 2);
  EXPECT_NE(head.find("From: leakwatch <leakwatch@example.org>\r\n"), std::string::npos);
  EXPECT_NE(head.find("To: oncall@example.com, sec@example.com\r\n"), std::string::npos);
  EXPECT_NE(
      head.find(
          "Subject: [leakwatch] leakwatch: 21 alerts for asset prod-cache (highest: critical)\r\n"),
      std::string::npos);
  EXPECT_NE(head.find("Date: Sun, 06 Dec 2026 07:01:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(head.find("Message-ID: <nk-0123456789abcdef@example.org>\r\n"), std::string::npos);
  EXPECT_EQ(m.find("\nBcc:"), std::string::npos);  // a CR LF in a value cannot start a header
  EXPECT_NE(m.find("and 1 more alerts"), std::string::npos);
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m[i] == '\n') {
      ASSERT_EQ(m[i - 1], '\r') << "bare LF at " << i;
    }
  }
  std::size_t start = 0;
  for (std::size_t at = m.find("\r\n"); at != std::string::npos; at = m.find("\r\n", start)) {
    EXPECT_LE(at - start, 998u);
    start = at + 2;
  }
}

TEST(Email, NonAsciiSubjectIsEncodedWords) {
  Channel c;
  c.from = "a@example.org";
  c.to = {"b@example.org"};
  Notification n = testing::sample_notification();
  n.alerts[0].asset = "Zürich-Rechenzentrum-Kühlung-und-noch-viel-mehr-Text";
  const std::string m = render_email(n, c, 0);
  const auto subject = m.substr(m.find("Subject: "), m.find("\r\nDate:") - m.find("Subject: "));
  EXPECT_NE(subject.find("=?UTF-8?B?"), std::string::npos);
  EXPECT_NE(subject.find("\r\n =?UTF-8?B?"), std::string::npos);  // folded
  for (char ch : subject) EXPECT_LT(static_cast<unsigned char>(ch), 0x80);
}

TEST(Syslog, Rfc5424LinesWithStructuredData) {
  Notification n = testing::sample_notification(2);
  n.alerts[0].asset = R"(we"ird]\asset)";
  n.alerts[1].severity = "medium";
  n.alerts[1].summary = std::string(4000, 'y');
  const auto lines = render_syslog(n, "scanner-01", 1796540460123);
  ASSERT_EQ(lines.size(), 2u);
  // RFC 5424 section 6: HEADER SP STRUCTURED-DATA [SP MSG].
  const std::regex syntax(
      R"(^<([0-9]{1,3})>1 ([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z) ([!-~]{1,255}) ([!-~]{1,48}) ([!-~]{1,128}) ([!-~]{1,32}) \[([^ =\]"]{1,32})((?: [^ =\]"]{1,32}="(?:[^"\\\]]|\\["\\\]])*")*)\] (.*)$)");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(lines[0], m, syntax)) << lines[0];
  EXPECT_EQ(m[1], "34");  // facility 4 * 8 + critical 2
  EXPECT_EQ(m[2], "2026-12-06T07:01:00.123Z");
  EXPECT_EQ(m[3], "scanner-01");
  EXPECT_EQ(m[4], "leakwatch");
  EXPECT_EQ(m[6], "sensitive_data");
  EXPECT_EQ(m[7], "leakwatch@32473");
  EXPECT_NE(m[8].str().find(R"(asset="we\"ird\]\\asset")"), std::string::npos);
  EXPECT_NE(m[8].str().find(R"(alert_id="al-7f3a9c0d0")"), std::string::npos);
  EXPECT_NE(m[8].str().find(R"(service="127.0.1.1:6379/tcp")"), std::string::npos);
  ASSERT_TRUE(std::regex_match(lines[1], m, syntax));
  EXPECT_EQ(m[1], "36");  // medium: warning
  EXPECT_LE(lines[1].size(), kMaxSyslogLine);
}

// A stored summary may hold 8 KiB; every body carries at most kMaxSummaryBytes of it, so 20
// alerts stay far below the receivers' post limits.
TEST(Bodies, EveryBodyCapsTheSummary) {
  Notification n = testing::sample_notification(kMaxAlertsPerMessage);
  for (auto& a : n.alerts) a.summary = std::string(8000, 's');
  const std::string cut = std::string(kMaxSummaryBytes + 1, 's');
  const std::string kept = std::string(kMaxSummaryBytes - 8, 's');
  const json webhook = json::parse(render_webhook(n));
  EXPECT_LE(webhook["alerts"][0]["summary"].get<std::string>().size(), kMaxSummaryBytes);
  Channel c;
  c.from = "leakwatch <leakwatch@example.org>";
  c.to = {"oncall@example.com"};
  const std::vector<std::string> bodies = {render_webhook(n),
                                           render_slack(n),
                                           render_mattermost(n),
                                           render_pagerduty(n, "key")[0],
                                           render_email(n, c, 1796540460123),
                                           render_syslog(n, "scanner-01", 1796540460123)[0]};
  for (const std::string& body : bodies) {
    EXPECT_EQ(body.find(cut), std::string::npos) << body.substr(0, 80);
  }
  // Not cut to nothing: the webhook and chat bodies carry the first kilobyte whole (PagerDuty's
  // 1,024-byte summary field, e-mail's 998-byte lines and the 2,048-byte syslog line cut it).
  for (const std::size_t i : std::array<std::size_t, 3>{0, 1, 2}) {
    EXPECT_NE(bodies[i].find(kept), std::string::npos) << i;
  }
  EXPECT_LT(render_mattermost(n).size(), 64u * 1024);
}

TEST(Text, TruncateKeepsUtf8Whole) {
  EXPECT_EQ(truncate_utf8("abc", 3), "abc");
  EXPECT_EQ(truncate_utf8("äöü", 5), "\xC3\xA4\xE2\x80\xA6");  // ä + …
  EXPECT_EQ(truncate_utf8("abcdef", 4), "a\xE2\x80\xA6");
}

}  // namespace
}  // namespace lw::notify
