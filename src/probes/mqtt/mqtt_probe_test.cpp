#include "probes/mqtt/mqtt_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"
#include "probes/mqtt/mqtt_packets.h"

namespace lw::probes {
namespace {

// Transcripts recorded from Debian 12's mosquitto 2.0.11 on 127.0.1.51/52 (lab service
// mosquitto) with tests/fakes' lw_record_dialogue; provenance inside.
Transcript recorded(const std::string& name) {
  return testing::with_steps(MqttProbe{}, testing::recorded("mqtt/testdata/recorded/" + name));
}

}  // namespace

TEST(MqttProbe, AnonymousWithRetainedMessagesIsOpen) {
  const MqttProbe p;
  const Transcript t = recorded("open_2.0.11.lwt");
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->product, "mosquitto");
  EXPECT_EQ(obs->version, "2.0.11");
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(obs->samples.size(), 3u);
  std::string all;
  for (const auto& s : obs->samples) all += s.data;
  EXPECT_NE(all.find("078-05-1120"), std::string::npos);
  EXPECT_NE(all.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
}

TEST(MqttProbe, DialogueReplaysTheRecordedRequests) {
  const MqttProbe p;
  const Transcript t = recorded("open_2.0.11.lwt");
  testing::expect_replays(p, {}, t, testing::ReplayCheck::requests_and_framing);
}

TEST(MqttProbe, NotAuthorizedIsAuthRequired) {
  const MqttProbe p;
  const Transcript t = recorded("auth_2.0.11.lwt");
  EXPECT_FALSE(p.next({}, t));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

// SUBACK granted # without credentials, nothing retained outside $SYS: access, not a read.
TEST(MqttProbe, OnlySysMessagesAreAccess) {
  const MqttProbe p;
  Transcript t = recorded("open_2.0.11.lwt");
  // Keep only the SUBACK, the $SYS publishes and PINGRESP of the real reply.
  auto packets = mqtt::split_packets(t[1].reply);
  ASSERT_TRUE(packets);
  std::string kept;
  std::size_t offset = 0;
  for (const auto& pk : *packets) {
    const std::size_t start = static_cast<std::size_t>(pk.body.data() - t[1].reply.data());
    auto pub = mqtt::parse_publish(pk);
    const std::string whole = t[1].reply.substr(offset, start + pk.body.size() - offset);
    if (!pub || pub->topic.starts_with("$SYS/")) kept += whole;
    offset = start + pk.body.size();
  }
  t[1].reply = kept;
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::open);
  EXPECT_EQ(p.judge(*obs).evidence, EvidenceKind::access);
  EXPECT_EQ(obs->version, "2.0.11");
}

TEST(MqttProbe, OtherProtocolsAndHostilePackets) {
  const MqttProbe p;
  for (const std::string& r :
       {std::string("HTTP/1.1 400 Bad Request\r\n\r\n"), std::string("\x20\x02\x00\x09", 4),
        std::string("\x20\x03\0\0\0", 5), std::string()}) {
    Transcript t{Turn{Exchange{"CONNECT (no credentials)", "", 64}, r, ReplyEnd::complete}};
    auto obs = p.parse(t);
    ASSERT_TRUE(obs);
    EXPECT_EQ(p.judge(*obs).kind, VerdictKind::not_this_protocol);
  }
  EXPECT_FALSE(mqtt::split_packets(std::string("\x30\xff\xff\xff\xff\x01", 6)));  // 5-byte length
  mqtt::Limits small;
  small.max_packet = 10;
  EXPECT_FALSE(mqtt::split_packets(std::string("\x30\x7f", 2), small));
  EXPECT_FALSE(mqtt::parse_publish(mqtt::Packet{3, 0,
                                                std::string_view("\x00\x09"
                                                                 "ab",
                                                                 4)}));
  EXPECT_FALSE(mqtt::parse_publish(mqtt::Packet{3, 6,
                                                std::string_view("\x00\x01"
                                                                 "a",
                                                                 3)}));
}

TEST(MqttProbe, TruncationAtEveryByteNeverCrashes) {
  const MqttProbe p;
  const Transcript full = recorded("open_2.0.11.lwt");
  testing::expect_truncation_safe(p, full, 1);
}

}  // namespace lw::probes
