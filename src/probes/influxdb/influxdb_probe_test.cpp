// InfluxDB probe tests on dialogues recorded from Debian 12's influxdb 1.6.7 (testdata/PROVENANCE).
#include "probes/influxdb/influxdb_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

Transcript recorded(const std::string& name) {
  return testing::recorded("influxdb/testdata/" + name);
}

TEST(InfluxdbProbe, OpenServerReadsPoints) {
  InfluxdbProbe p;
  const auto t = recorded("open.lwt");
  ASSERT_EQ(t.size(), 4u);
  ProbeOptions o;
  o.port = 8086;
  o.max_sample_records = 20;  // the budget open.lwt was recorded with
  testing::expect_replays(p, o, t, testing::ReplayCheck::requests);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "influxdb");
  EXPECT_EQ(obs->version, "1.6.7~rc0");
  EXPECT_EQ(obs->metadata["databases"], nlohmann::json({"telemetry"}));
  EXPECT_EQ(obs->metadata["measurements"]["telemetry"], nlohmann::json({"logins"}));
  ASSERT_EQ(obs->samples.size(), 2u);
  EXPECT_EQ(obs->samples[0].source, "measurement telemetry.logins");
  EXPECT_NE(obs->samples[0].data.find("test.user@example.invalid"), std::string::npos);
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.proof, "SELECT * FROM telemetry.logins");
}

TEST(InfluxdbProbe, AuthEnabledIsAuthRequired) {
  InfluxdbProbe p;
  auto obs = p.parse(recorded("secured.lwt"));
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->version, "1.6.7~rc0");
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.proof, "SHOW DATABASES");
}

TEST(InfluxdbProbe, PingWithoutBuildHeaderIsNotInfluxdb) {
  InfluxdbProbe p;
  testing::expect_not_identified(
      p, testing::http_reply(204, "No Content", "X-Influxdb-Version: 1.8\r\n", ""));
  testing::expect_not_identified(
      p,
      testing::http_reply(200, "OK", "X-Influxdb-Version: 1.8\r\nX-Influxdb-Build: OSS\r\n", ""));
}

TEST(InfluxdbProbe, QueryShapeIsChecked) {
  EXPECT_FALSE(influxdb::parse_query(R"({"results":[{}]})"));
  EXPECT_FALSE(
      influxdb::parse_query(R"({"results":[{"statement_id":0,"series":[{"name":"x"}]}]})"));
  auto ok = influxdb::parse_query(
      R"({"results":[{"statement_id":0,"series":[{"name":"d","columns":["name"],"values":[["a"],[1],["b","c"]]}]}]})");
  ASSERT_TRUE(ok);
  EXPECT_EQ(influxdb::first_column(*ok, 10), std::vector<std::string>{"a"});
  EXPECT_EQ(influxdb::quote_identifier("a\"b"), "\"a\\\"b\"");
}

TEST(InfluxdbProbe, Hardening) {
  InfluxdbProbe p;
  testing::expect_survives_hostile_replies(p);
  testing::expect_truncation_never_proves(p, recorded("open.lwt"));
}

}  // namespace
}  // namespace lw::probes
