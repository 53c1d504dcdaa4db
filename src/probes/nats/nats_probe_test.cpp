#include "probes/nats/nats_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"
#include "probes/nats/nats_text.h"

namespace lw::probes {
namespace {

// Transcripts recorded from Debian 12's nats-server 2.9.10 on 127.0.1.45/46; provenance inside.
Transcript recorded(const std::string& name) {
  return testing::with_steps(NatsProbe{}, testing::recorded("nats/testdata/recorded/" + name));
}

}  // namespace

// CONNECT and SUB > accepted without credentials, no message passed: access, not a read (was
// `unknown` before the one verdict rule).
TEST(NatsProbe, NoAuthWithoutTrafficIsAccess) {
  const NatsProbe p;
  const Transcript t = recorded("open_2.9.10.lwt");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_TRUE(p.recognizes_banner(t[0].reply));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->product, "nats-server");
  EXPECT_EQ(obs->version, "2.9.10");
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::access);
  EXPECT_EQ(obs->metadata["markers"].size(), 2u);
  EXPECT_EQ(obs->markers, 2u);
}

TEST(NatsProbe, DialogueReplaysTheRecordedRequests) {
  const NatsProbe p;
  const Transcript t = recorded("open_2.9.10.lwt");
  testing::expect_replays(p, {}, t, testing::ReplayCheck::requests_and_framing);
}

TEST(NatsProbe, MessagesOnTheWildcardAreOpen) {
  const NatsProbe p;
  auto obs = p.parse(recorded("messages_2.9.10.lwt"));
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::open);
  ASSERT_EQ(obs->samples.size(), 2u);
  EXPECT_NE(obs->samples[0].data.find("078-05-1120"), std::string::npos);
  EXPECT_EQ(obs->samples[0].content_type, "json");
}

TEST(NatsProbe, AuthRequiredInInfo) {
  const NatsProbe p;
  const Transcript t = recorded("auth_2.9.10.lwt");
  EXPECT_FALSE(p.next({}, t));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(NatsProbe, AuthorizationViolationIsAuthRequired) {
  const NatsProbe p;
  Transcript t = recorded("open_2.9.10.lwt");
  t[1].reply = "-ERR 'Authorization Violation'\r\n";
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(NatsProbe, OtherProtocolsAndHostileInput) {
  const NatsProbe p;
  for (const char* r :
       {"220 (vsFTPd 3.0.3)\r\n", "INFO {not json}\r\n", "INFO []\r\n", "INFO {\"a\":1}\r\n", ""}) {
    EXPECT_FALSE(p.recognizes_banner(r));
    Transcript t{Turn{Exchange{"INFO", "", 16384}, r, ReplyEnd::complete}};
    auto obs = p.parse(t);
    ASSERT_TRUE(obs);
    EXPECT_EQ(p.judge(*obs).kind, VerdictKind::not_this_protocol);
  }
  EXPECT_FALSE(nats::read_server("MSG a 1 99999999999\r\n"));
  EXPECT_FALSE(nats::read_server("MSG a 1 3\r\nabcdef\r\n"));
  EXPECT_FALSE(nats::read_server(std::string(nats::kMaxLine + 10, 'x')));
  std::string deep = "INFO ";
  for (int i = 0; i < 5000; ++i) deep += "[";
  EXPECT_FALSE(nats::read_server(deep + "\r\n"));
}

TEST(NatsProbe, TruncationAtEveryByteNeverCrashes) {
  const NatsProbe p;
  const Transcript full = recorded("messages_2.9.10.lwt");
  testing::expect_truncation_safe(p, full, 0);
}

}  // namespace lw::probes
