#include "probes/mqtt/mqtt_probe.h"

#include <gtest/gtest.h>

#include "probes/mqtt/mqtt_packets.h"
#include "transcript_io.h"

namespace lw::probes {
namespace {

// Transcripts recorded from Debian 12's mosquitto 2.0.11 on 127.0.1.51/52 (lab service
// mosquitto) with tests/fakes' lw_record_dialogue; provenance inside.
Transcript recorded(const std::string& name) {
  auto t = testing::load_transcript(std::string(LW_MQTT_TESTDATA) + "/recorded/" + name);
  EXPECT_TRUE(t) << (t ? "" : t.error().describe());
  return t ? *t : Transcript{};
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
  for (std::size_t i = 0; i < t.size(); ++i) {
    auto ex = p.next({}, Transcript(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(i)));
    ASSERT_TRUE(ex);
    EXPECT_EQ(ex->request, t[i].exchange.request);
    EXPECT_EQ(p.frame(*ex, t[i].reply), Framing::complete);
    EXPECT_EQ(p.frame(*ex, t[i].reply.substr(0, t[i].reply.size() - 1)), Framing::need_more);
  }
  EXPECT_FALSE(p.next({}, t));
}

TEST(MqttProbe, NotAuthorizedIsAuthRequired) {
  const MqttProbe p;
  const Transcript t = recorded("auth_2.0.11.lwt");
  EXPECT_FALSE(p.next({}, t));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(MqttProbe, OnlySysMessagesAreIdentity) {
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
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::unknown);
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
  for (std::size_t i = 0; i < full.size(); ++i) {
    for (std::size_t n = 0; n < full[i].reply.size(); ++n) {
      Transcript t(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      t.back().reply.resize(n);
      (void)p.next({}, t);
      (void)p.frame(t.back().exchange, t.back().reply);
      auto obs = p.parse(t);
      if (obs && i == 0) {
        EXPECT_NE(p.judge(*obs).kind, VerdictKind::open);
      }
    }
  }
}

}  // namespace lw::probes
