// The Redis probe's reach (every database with keys) and sampling (the shared sampler), on a
// transcript recorded from a real server laid out as a deployment, and on hostile replies.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "probes/common/test_support.h"
#include "probes/redis/redis_dialogue.h"
#include "probes/redis/redis_probe.h"
#include "probes/redis/resp_parser.h"

namespace lw::probes {
namespace {

// Recorded from Debian 12 redis-server 7.0.15 on 127.0.1.6:6379 (lab instance `deployed`, seeded
// by lab/services/data/deployed_data.py redis: 1,210 ordinary keys in db 0, 44 keys in db 3
// of which four are sensitive); provenance line in the file.
Transcript deployed() {
  return testing::recorded("redis/testdata/recorded/deployed_7.0.15.lwt");
}

std::string bulk(std::string_view s) {
  return "$" + std::to_string(s.size()) + "\r\n" + std::string(s) + "\r\n";
}

std::string info_with(std::string_view keyspace) {
  return bulk("# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n# Keyspace\r\n" +
              std::string(keyspace));
}

// A SCAN reply: [cursor, [keys...]].
std::string scan_reply(std::string_view cursor, const std::vector<std::string>& keys) {
  std::string out = "*2\r\n" + bulk(cursor) + "*" + std::to_string(keys.size()) + "\r\n";
  for (const auto& k : keys) out += bulk(k);
  return out;
}

}  // namespace

TEST(RedisSampling, DeployedStoreYieldsEverySensitiveKeyInDb3) {
  const RedisProbe p;
  const Transcript t = deployed();
  ASSERT_FALSE(t.empty());
  testing::expect_replays(p, ProbeOptions{}, t, testing::ReplayCheck::requests_and_framing);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_TRUE(obs->data_read);
  std::set<std::string> sources;
  for (const auto& s : obs->samples) sources.insert(s.source);
  for (const char* want :
       {"key db3/hr:personnel:1007 (hash)", "key db3/hr:personnel:1012 (hash)",
        "key db3/pay:cards:batch-0001 (string)", "key db3/q:draft:77 (string)"}) {
    EXPECT_TRUE(sources.count(want)) << want;
  }
  // Within the default budget, and both databases reached.
  EXPECT_LE(obs->samples.size(), ProbeOptions{}.max_sample_records);
  ASSERT_EQ(obs->metadata["databases"].size(), 2u);
  EXPECT_EQ(obs->metadata["databases"][1]["db"], 3);
  EXPECT_GT(obs->metadata["databases"][0]["keys_read"].get<int>(), 0);
  // What was left out is said in the record; the sensitive-looking names are listed.
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("db0: "), std::string::npos) << sampling;
  EXPECT_NE(sampling.find(" keys sampled"), std::string::npos) << sampling;
  const std::string names = obs->metadata["sensitive_names"].dump();
  EXPECT_NE(names.find("hr:personnel:1007"), std::string::npos) << names;
  EXPECT_EQ(names.find("product:"), std::string::npos) << names;
}

TEST(RedisSampling, AfterASelectEveryRequestNamesItsDatabase) {
  const RedisProbe p;
  const Transcript t = deployed();
  bool selected = false;
  for (const auto& turn : t) {
    const bool has_select = turn.exchange.request.starts_with("*2\r\n$6\r\nSELECT\r\n");
    // CONFIG GET is about the server, not a database: it needs no SELECT.
    if (selected && turn.exchange.label != redis::kConfigLabel) {
      EXPECT_TRUE(has_select) << turn.exchange.label;
    }
    selected = selected || has_select;
  }
  EXPECT_TRUE(selected);
}

TEST(RedisSampling, AMillionKeysAreListedWithinTheCaps) {
  // A server that declares a million keys in 20 databases and answers every SCAN with a fresh
  // page of keys and a cursor that never ends: the dialogue stops at its caps.
  std::string keyspace;
  for (int db = 0; db < 20; ++db) {
    keyspace += "db" + std::to_string(db) + ":keys=50000,expires=0,avg_ttl=0\r\n";
  }
  const RedisProbe p;
  int page = 0;
  const auto answer = [&](const Exchange& ex) -> std::string {
    if (ex.label == "INFO") return info_with(keyspace);
    const bool select = ex.request.starts_with("*2\r\n$6\r\nSELECT\r\n");
    std::string prefix = select ? "+OK\r\n" : "";
    if (ex.label.starts_with("SCAN")) {
      std::vector<std::string> keys;
      for (int i = 0; i < 500; ++i) keys.push_back("item:" + std::to_string(page * 500 + i));
      ++page;
      return prefix + scan_reply("17", keys);
    }
    auto count = resp::count_values(ex.request, 4096);
    std::string out = prefix;
    const std::size_t n = count ? *count - (select ? 1 : 0) : 0;
    for (std::size_t i = 0; i < n; ++i) {
      out += ex.label.starts_with("TYPE") ? "+string\r\n" : bulk("ordinary value");
    }
    return out;
  };
  const Transcript t = testing::run_dialogue(p, ProbeOptions{}, answer, 400);
  EXPECT_LT(t.size(), redis::kMaxTurns);
  const auto d = redis::analyse(t);
  std::size_t listed = 0;
  for (const auto& db : d.dbs) {
    EXPECT_LE(db.keys.size(), redis::kMaxKeysPerDb);
    EXPECT_LE(db.scan_rounds, redis::kMaxScanRounds);
    listed += db.keys.size();
  }
  EXPECT_LE(listed, redis::kMaxKeysListed);
  EXPECT_LE(d.dbs.size(), redis::kMaxDbsVisited);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->samples.size(), ProbeOptions{}.max_sample_records);
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("of 50000 keys sampled"), std::string::npos) << sampling;
  EXPECT_NE(sampling.find("databases with keys not visited"), std::string::npos) << sampling;
}

TEST(RedisSampling, AMegabyteKeyNameIsListedButNeverSentBack) {
  const RedisProbe p;
  const std::string huge(1'000'000, 'k');  // a 1 MB name
  Transcript t{testing::turn("INFO", info_with("db0:keys=2,expires=0,avg_ttl=0\r\n"))};
  t[0].exchange = Exchange{"INFO", resp::command({"INFO"}), redis::kInfoReplyCap};
  auto scan = p.next({}, t);
  ASSERT_TRUE(scan);
  t.push_back(Turn{*scan, scan_reply("0", {huge, "user:ssn:1"}), ReplyEnd::complete});
  auto type = p.next({}, t);
  ASSERT_TRUE(type);
  EXPECT_EQ(type->request, resp::command({"TYPE", "user:ssn:1"}));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  for (const auto& k : obs->metadata["databases"][0]["keys"]) {
    EXPECT_LE(k["key"].get<std::string>().size(), 1024u);
  }
}

TEST(RedisSampling, ChoosesSensitiveKeysFirstAcrossDatabases) {
  redis::Dialogue d;
  d.dbs.resize(2);
  d.dbs[0].db = 0;
  d.dbs[1].db = 5;
  for (int i = 0; i < 1000; ++i) d.dbs[0].keys.push_back("product:" + std::to_string(i));
  d.dbs[1].keys = {"log:1", "log:2", "patient:ssn:7"};
  const auto chosen = redis::choose_keys(d, 4);
  ASSERT_EQ(chosen.size(), 4u);
  EXPECT_EQ(chosen[0].db, 5u);
  EXPECT_EQ(chosen[0].key, "patient:ssn:7");
  std::set<std::uint32_t> dbs;
  for (const auto& c : chosen) dbs.insert(c.db);
  EXPECT_EQ(dbs.size(), 2u);  // the stratified rest covers both databases
}

}  // namespace lw::probes

namespace lw::probes {

TEST(RedisSampling, EmptyStoreEndsAfterInfoWithNothingToSample) {
  // Recorded from the lab's `empty` instance (127.0.1.7:6379, no keys): INFO lists no keyspace,
  // so the dialogue goes to its last request, CONFIG GET dir; the store is open with evidence
  // `access` (the verdict rule for data commands answered without credentials), which the lab
  // truth expects.
  const RedisProbe p;
  const Transcript t = testing::recorded("redis/testdata/recorded/empty_7.0.15.lwt");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[1].exchange.label, "CONFIG GET dir");
  EXPECT_FALSE(p.next({}, t));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_TRUE(obs->identified);
  EXPECT_FALSE(obs->data_read);
  EXPECT_TRUE(obs->samples.empty());
  EXPECT_EQ(obs->record_count, 0u);
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::access);
  EXPECT_TRUE(obs->capabilities.exec);  // CONFIG GET answered
}

}  // namespace lw::probes
