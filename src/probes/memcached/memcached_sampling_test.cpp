// The memcached probe's reach (every key the dumps list) and sampling (the shared sampler), on
// a transcript recorded from a real server laid out as a deployment, and on hostile replies.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "probes/common/test_support.h"
#include "probes/memcached/memcached_dialogue.h"
#include "probes/memcached/memcached_probe.h"

namespace lw::probes {
namespace {

// Recorded from Debian 12 memcached 1.6.18 on 127.0.1.8:11211 (lab instance `deployed`, seeded
// by lab/services/data/deployed_data.py memcached: 1,100 ordinary keys, two sensitive ones under
// unremarkable names); provenance line in the file.
Transcript deployed() {
  return testing::recorded("memcached/testdata/recorded/deployed_1.6.18.lwt");
}

std::string stats(std::uint64_t items) {
  return "STAT pid 4242\r\nSTAT uptime 10\r\nSTAT version 1.6.18\r\nSTAT curr_items " +
         std::to_string(items) + "\r\nEND\r\n";
}

}  // namespace

TEST(MemcachedSampling, DeployedCacheYieldsBothSensitiveValues) {
  const MemcachedProbe p;
  const Transcript t = deployed();
  ASSERT_FALSE(t.empty());
  testing::expect_replays(p, ProbeOptions{}, t, testing::ReplayCheck::requests_and_framing);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  std::set<std::string> sources;
  for (const auto& s : obs->samples) sources.insert(s.source);
  EXPECT_TRUE(sources.count("key emp_rec:5531"));
  EXPECT_TRUE(sources.count("key chk:9f2c"));
  EXPECT_EQ(obs->samples.size(), ProbeOptions{}.max_sample_records);
  EXPECT_EQ(obs->metadata["sampling"][0], "200 of 1102 keys sampled");
  // Gets come in batches of kGetBatch keys.
  for (const auto& turn : t) {
    if (turn.exchange.label.starts_with("get")) {
      EXPECT_LE(memcached::commands_in(turn.exchange.request), 1u);
      EXPECT_EQ(turn.exchange.label, "get (50 keys)");
    }
  }
}

TEST(MemcachedSampling, AMillionItemsAreNeverDumpedWhole) {
  // curr_items 1,000,000: the metadump (every key) is skipped; the cachedump's keys are read.
  const MemcachedProbe p;
  const auto answer = [](const Exchange& ex) -> std::string {
    if (ex.label == "stats") return stats(1'000'000);
    if (ex.label == "stats items") return "STAT items:1:number 1000000\r\nEND\r\n";
    if (ex.label.starts_with("stats cachedump")) {
      return "ITEM product:1 [20 b; 0 s]\r\nITEM hr:ssn:7 [20 b; 0 s]\r\nEND\r\n";
    }
    if (ex.label.starts_with("get")) {
      return "VALUE hr:ssn:7 0 5\r\nvalue\r\nVALUE product:1 0 5\r\nvalue\r\nEND\r\n";
    }
    return "ERROR\r\n";
  };
  const Transcript t = testing::run_dialogue(p, ProbeOptions{}, answer);
  ASSERT_EQ(t.size(), 4u);
  for (const auto& turn : t) EXPECT_FALSE(turn.exchange.label.starts_with("lru_crawler"));
  EXPECT_EQ(t.back().exchange.request, "get hr:ssn:7 product:1\r\n");  // the needle first
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->metadata["sampling"][0], "2 of 1000000 keys sampled (2 names listed)");
  EXPECT_EQ(obs->metadata["sensitive_names"][0], "hr:ssn:7");
}

TEST(MemcachedSampling, AServerThatNeverRunsOutOfKeysIsBounded) {
  // Every get answers END with no value and the dump keeps listing fresh keys: the dialogue
  // still ends within its caps.
  const MemcachedProbe p;
  int dumps = 0;
  const auto answer = [&](const Exchange& ex) -> std::string {
    if (ex.label == "stats") return stats(3000);
    if (ex.label == "stats items") return "STAT items:1:number 3000\r\nEND\r\n";
    if (ex.label.starts_with("stats cachedump") || ex.label.starts_with("lru_crawler")) {
      std::string out;
      for (int i = 0; i < 3000; ++i) {
        out += "ITEM k" + std::to_string(dumps * 3000 + i) + " [20 b; 0 s]\r\n";
      }
      ++dumps;
      return out + "END\r\n";
    }
    return "END\r\n";
  };
  const Transcript t = testing::run_dialogue(p, ProbeOptions{}, answer, 200);
  EXPECT_LE(t.size(), memcached::kMaxTurns);
  const auto d = memcached::analyse(t);
  EXPECT_LE(d.keys.size(), memcached::kMaxKeys);
  EXPECT_LE(d.gets, memcached::kMaxGets);
  EXPECT_LE(d.keys_asked.size(), ProbeOptions{}.max_sample_records);
}

}  // namespace lw::probes

namespace lw::probes {

TEST(MemcachedSampling, EmptyCacheEndsAfterStatsItems) {
  // Recorded from the lab's `empty` instance (127.0.1.10:11211, no items): nothing to list or
  // get; open with evidence `access`, as the lab truth expects.
  const MemcachedProbe p;
  const Transcript t = testing::recorded("memcached/testdata/recorded/empty_1.6.18.lwt");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_FALSE(p.next({}, t));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_FALSE(obs->data_read);
  EXPECT_EQ(obs->metadata["sampling"][0], "0 of 0 keys sampled");
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::access);
}

}  // namespace lw::probes
