#include "probes/zookeeper/zookeeper_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"
#include "probes/zookeeper/zk_jute.h"

namespace lw::probes {
namespace {

// Transcripts recorded from Debian 12's zookeeper 3.8.0 on 127.0.1.41/42 (lab service
// zookeeper, seeded by lab/services/data/zk_seed.py) with tests/fakes' lw_record_dialogue.
Transcript recorded(const std::string& name) {
  return testing::recorded("zookeeper/testdata/recorded/" + name);
}

}  // namespace

TEST(ZookeeperProbe, WorldReadableZnodesAreOpen) {
  const ZookeeperProbe p;
  const Transcript t = recorded("open_3.8.lwt");
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->product, "zookeeper");
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  std::string all;
  for (const auto& s : obs->samples) all += s.data;
  EXPECT_NE(all.find("078-05-1120"), std::string::npos);
  EXPECT_NE(all.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
  EXPECT_EQ(obs->metadata["markers"].size(), 2u);
}

TEST(ZookeeperProbe, DialogueReplaysTheRecordedRequests) {
  const ZookeeperProbe p;
  const Transcript t = recorded("open_3.8.lwt");
  testing::expect_replays(p, {}, t, testing::ReplayCheck::requests_and_framing);
}

TEST(ZookeeperProbe, DigestAclIsAuthRequiredAndARootListingIsIdentity) {
  const ZookeeperProbe p;
  const Transcript t = recorded("acl_3.8.lwt");
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
  EXPECT_TRUE(obs->samples.empty());
  auto listing = p.parse(Transcript(t.begin(), t.begin() + 2));
  ASSERT_TRUE(listing);
  EXPECT_EQ(p.judge(*listing).kind, VerdictKind::unknown);
  EXPECT_EQ(p.judge(*listing).evidence, EvidenceKind::identity);
  EXPECT_GE(listing->metadata["root_children"].size(), 3u);
}

TEST(ZookeeperProbe, OtherProtocolsAndHostileFrames) {
  const ZookeeperProbe p;
  for (const std::string& r :
       {std::string("HTTP/1.1 400 Bad Request\r\n\r\n"), std::string("+OK\r\n"),
        std::string("\0\0\0\x04\0\0\0\0", 8), std::string()}) {
    Transcript t{Turn{Exchange{"connect", zk::connect_request(), 4096}, r, ReplyEnd::closed}};
    auto obs = p.parse(t);
    ASSERT_TRUE(obs);
    EXPECT_EQ(p.judge(*obs).kind, VerdictKind::not_this_protocol);
  }
  const Exchange ex{"ls /", zk::get_children_request(1, "/"), 4096};
  EXPECT_EQ(p.frame(ex, std::string("\x7f\xff\xff\xff", 4)), Framing::invalid);
  EXPECT_EQ(p.frame(ex, std::string("\xff\xff\xff\xff", 4)), Framing::invalid);
  // A children count and a string length that lie.
  std::string body(16, '\0');
  body += std::string("\x7f\xff\xff\xff", 4);
  EXPECT_FALSE(zk::parse_reply(body, zk::kOpGetChildren));
  body = std::string(16, '\0') + std::string(
                                     "\0\0\0\x01\0\0\0\x50"
                                     "ab",
                                     10);
  EXPECT_FALSE(zk::parse_reply(body, zk::kOpGetChildren));
}

TEST(ZookeeperProbe, TruncationAtEveryByteNeverCrashes) {
  const ZookeeperProbe p;
  const Transcript full = recorded("open_3.8.lwt");
  testing::expect_truncation_safe(p, full, 2);
}

}  // namespace lw::probes
