// ClickHouse probe tests on dialogues recorded from Debian 12's clickhouse-server 18.16.1
// (testdata/PROVENANCE).
#include "probes/clickhouse/clickhouse_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

Transcript recorded(const std::string& name) {
  return testing::recorded("clickhouse/testdata/" + name);
}

TEST(ClickhouseProbe, OpenServerReadsRowsFromPlainTables) {
  ClickhouseProbe p;
  const auto t = recorded("open.lwt");
  ASSERT_EQ(t.size(), 5u);
  ProbeOptions o;
  o.port = 8123;
  o.max_sample_records = 20;  // the budget open.lwt was recorded with
  testing::expect_replays(p, o, t, testing::ReplayCheck::requests);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "clickhouse");
  EXPECT_EQ(obs->version, "18.16.1");
  EXPECT_EQ(obs->metadata["table_count"], 2);
  EXPECT_EQ(obs->metadata["tables"][0]["table"], "customers");  // the one with parts: largest
  EXPECT_EQ(obs->record_count, 2u);
  ASSERT_EQ(obs->samples.size(), 3u);
  EXPECT_EQ(obs->samples[0].source, "table shop.customers");
  EXPECT_NE(obs->samples[0].data.find("erika.fake@example.invalid"), std::string::npos);
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "SELECT * FROM shop.customers");
}

TEST(ClickhouseProbe, PasswordProtectedDefaultUserIsAuthRequired) {
  ClickhouseProbe p;
  auto obs = p.parse(recorded("secured.lwt"));
  ASSERT_TRUE(obs);
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.proof, "SELECT version()");
}

TEST(ClickhouseProbe, NewerServersAuthenticationFailedIsAuthRequired) {
  ClickhouseProbe p;
  const auto t = testing::run_dialogue(p, {}, [](const Exchange&) {
    return testing::http_reply(
        401, "Unauthorized",
        "Content-Type: text/plain; charset=UTF-8\r\nX-ClickHouse-Server-Display-Name: ch1\r\n"
        "X-ClickHouse-Exception-Code: 516\r\n",
        "Code: 516. DB::Exception: default: Authentication failed: password is incorrect, or "
        "there is no user with such name. (AUTHENTICATION_FAILED) (version 23.8.2.7 (official "
        "build))\n");
  });
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(ClickhouseProbe, KafkaAndViewsAreNeverSampled) {
  using clickhouse::engine_is_plain_storage;
  EXPECT_TRUE(engine_is_plain_storage("ReplicatedMergeTree"));
  EXPECT_TRUE(engine_is_plain_storage("Log"));
  EXPECT_FALSE(engine_is_plain_storage("Kafka"));
  EXPECT_FALSE(engine_is_plain_storage("View"));
  EXPECT_FALSE(engine_is_plain_storage("MaterializedView"));
  EXPECT_FALSE(engine_is_plain_storage("URL"));
  EXPECT_FALSE(engine_is_plain_storage("MySQL"));
  EXPECT_EQ(clickhouse::quote_identifier("a`b\\c"), "`a\\`b\\\\c`");
}

TEST(ClickhouseProbe, CompactResultShapeIsChecked) {
  EXPECT_FALSE(
      clickhouse::parse_compact(R"({"meta":[{"name":"a","type":"String"}],"data":[[1,2]]})"));
  EXPECT_FALSE(clickhouse::parse_compact(R"({"meta":[{"name":"a"}],"data":[]})"));
  EXPECT_FALSE(clickhouse::parse_compact(R"({"data":[]})"));
  EXPECT_TRUE(
      clickhouse::parse_compact(R"({"meta":[{"name":"a","type":"String"}],"data":[["x"]]})"));
}

TEST(ClickhouseProbe, Hardening) {
  ClickhouseProbe p;
  testing::expect_survives_hostile_replies(p);
  // "Ok." to everything (what GET / answers) is not enough, nor a JSONCompact without the header.
  testing::expect_not_identified(p, testing::http_reply(200, "OK", "", "Ok.\n"));
  testing::expect_not_identified(
      p, testing::json_reply(
             200, R"j({"meta":[{"name":"version()","type":"String"}],"data":[["1"]]})j"));
  testing::expect_truncation_never_proves(p, recorded("open.lwt"));
}

}  // namespace
}  // namespace lw::probes
