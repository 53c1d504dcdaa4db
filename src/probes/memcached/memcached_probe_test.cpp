#include "probes/memcached/memcached_probe.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "probes/common/test_support.h"
#include "probes/memcached/memcached_dialogue.h"

namespace lw::probes {
namespace {

// Transcripts recorded from Debian 12's memcached 1.6.18-1+deb12u1 on 127.0.1.x with tests/fakes
// (lw_record_dialogue, record_raw.py); the provenance line is in each file.
Transcript recorded(const std::string& name) {
  return testing::recorded("memcached/testdata/recorded/" + name);
}

}  // namespace

TEST(MemcachedProbe, OpenInstanceIsOpen) {
  const MemcachedProbe p;
  const Transcript t = recorded("open_1.6.18.lwt");
  ASSERT_EQ(t.size(), 4u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->product, "memcached");
  EXPECT_EQ(obs->version, "1.6.18");
  EXPECT_EQ(obs->record_count, 6u);
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "get (6 keys)");
  EXPECT_EQ(obs->metadata["keys"].size(), 6u);
  EXPECT_EQ(obs->samples.size(), 6u);
  std::string all;
  for (const auto& s : obs->samples) all += s.data + "\n";
  EXPECT_NE(all.find("078-05-1120"), std::string::npos);
  EXPECT_NE(all.find("4111 1111 1111 1111"), std::string::npos);
  EXPECT_NE(all.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
}

TEST(MemcachedProbe, DialogueReplaysTheRecordedRequests) {
  const MemcachedProbe p;
  const Transcript t = recorded("open_1.6.18.lwt");
  testing::expect_replays(p, {}, t, testing::ReplayCheck::requests_and_framing);
}

TEST(MemcachedProbe, FallsBackToMetadumpWhenCachedumpIsEmpty) {
  // The real metadump and get replies of a fresh instance; the cachedump reply replaced by the
  // empty one memcached gives while new items are still in the HOT LRU segment.
  const MemcachedProbe p;
  Transcript t = recorded("metadump_1.6.18.lwt");
  ASSERT_EQ(t.size(), 5u);
  t[2].reply = "END\r\nEND\r\nEND\r\n";
  auto ex = p.next({}, Transcript(t.begin(), t.begin() + 3));
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->request, "lru_crawler metadump all\r\n");
  EXPECT_EQ(p.frame(*ex, t[3].reply), Framing::complete);
  EXPECT_EQ(p.frame(*ex, t[3].reply.substr(0, 100)), Framing::need_more);
  EXPECT_EQ(p.frame(*ex, "ERROR cannot pipeline other commands before metadump\r\n"),
            Framing::complete);
  auto get = p.next({}, Transcript(t.begin(), t.begin() + 4));
  ASSERT_TRUE(get);
  // The same keys as recorded, in the sampler's order (sensitive-looking names first).
  const auto keys_of = [](std::string r) {
    std::multiset<std::string> out;
    std::istringstream in(r.substr(4));
    for (std::string k; in >> k;) out.insert(k);
    return out;
  };
  EXPECT_EQ(keys_of(get->request), keys_of(t[4].exchange.request));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::open);
}

TEST(MemcachedProbe, AsciiAuthIsAuthRequired) {
  const MemcachedProbe p;
  const Transcript t = recorded("unauthenticated_1.6.18.lwt");
  EXPECT_FALSE(p.next({}, t));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.proof, "stats");
}

TEST(MemcachedProbe, OtherProtocolsAreNotMemcached) {
  const MemcachedProbe p;
  for (const char* reply :
       {"-ERR unknown command 'stats', with args beginning with: \r\n",
        "HTTP/1.1 400 Bad Request\r\n\r\n", "ERROR\r\n", "END\r\n", "STAT pid 1\r\nEND\r\n", ""}) {
    Transcript t{Turn{Exchange{"stats", "stats\r\n", 32768}, reply, ReplyEnd::complete}};
    auto obs = p.parse(t);
    ASSERT_TRUE(obs) << reply;
    EXPECT_EQ(p.judge(*obs).kind, VerdictKind::not_this_protocol) << reply;
    EXPECT_FALSE(p.next({}, t)) << reply;
  }
}

// stats answered without SASL and no value read yet: access, not a read (was `unknown` before
// the one verdict rule: an open cache that happens to hold nothing is open).
TEST(MemcachedProbe, StatsOnlyIsAccessAndOptionsBoundTheDialogue) {
  const MemcachedProbe p;
  const Transcript t = recorded("open_1.6.18.lwt");
  auto obs = p.parse(Transcript(t.begin(), t.begin() + 2));
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::open);
  EXPECT_EQ(p.judge(*obs).evidence, EvidenceKind::access);
  EXPECT_EQ(p.judge(*obs).proof, "stats");
  ProbeOptions o;
  o.max_items = 0;
  EXPECT_FALSE(p.next(o, Transcript(t.begin(), t.begin() + 2)));
  o = ProbeOptions{};
  o.max_sample_records = 2;
  auto get = p.next(o, Transcript(t.begin(), t.begin() + 3));
  ASSERT_TRUE(get);
  EXPECT_EQ(get->label, "get (2 keys)");
}

TEST(MemcachedProbe, HostileKeysAreNeverSentBack) {
  const MemcachedProbe p;
  Transcript t = recorded("open_1.6.18.lwt");
  t.resize(3);
  // As many keys as curr_items (6), so no metadump follows; only the safe, small ones are sent.
  t[2].reply =
      "ITEM a\rflush_all [5 b; 0 s]\r\nITEM ok [5 b; 0 s]\r\nITEM big [999999 b; 0 s]\r\n"
      "ITEM k1 [5 b; 0 s]\r\nITEM a\x01b [5 b; 0 s]\r\nITEM k2 [5 b; 0 s]\r\n"
      "END\r\nEND\r\nEND\r\n";
  auto get = p.next({}, t);
  ASSERT_TRUE(get);
  EXPECT_EQ(get->request, "get ok k1 k2\r\n");
}

TEST(MemcachedProbe, TruncationAtEveryByteNeverCrashes) {
  const MemcachedProbe p;
  const Transcript full = recorded("open_1.6.18.lwt");
  testing::expect_truncation_safe(p, full, 3, ReplyEnd::timeout);
}

}  // namespace lw::probes
