// Prometheus probe tests on dialogues recorded from Debian 12's prometheus 2.42.0
// (testdata/PROVENANCE).
#include "probes/prometheus/prometheus_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

Transcript recorded(const std::string& name) {
  return testing::recorded("prometheus/testdata/" + name);
}

TEST(PrometheusProbe, OpenServerLeaksItsScrapeTargets) {
  PrometheusProbe p;
  const auto t = recorded("open.lwt");
  ASSERT_EQ(t.size(), 2u);
  ProbeOptions o;
  o.port = 9090;
  EXPECT_EQ(p.next(o, {})->request, t[0].exchange.request);
  EXPECT_EQ(p.next(o, Transcript(t.begin(), t.begin() + 1))->request, t[1].exchange.request);
  EXPECT_FALSE(p.next(o, t));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "prometheus");
  EXPECT_EQ(obs->version, "2.42.0+ds");
  EXPECT_EQ(obs->metadata["target_count"], 3);
  const auto instances = obs->metadata["instances"].dump();
  EXPECT_NE(instances.find("billing-db.internal.example.invalid:9187"), std::string::npos);
  EXPECT_EQ(obs->samples.size(), 3u);
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.proof, "GET /api/v1/targets?state=active");
}

TEST(PrometheusProbe, BasicAuthIsAuthRequired) {
  PrometheusProbe p;
  auto obs = p.parse(recorded("secured.lwt"));
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(PrometheusProbe, SuccessEnvelopeWithoutBuildFieldsIsNotPrometheus) {
  PrometheusProbe p;
  testing::expect_not_identified(
      p, testing::json_reply(200, R"({"status":"success","data":{"version":"1"}})"));
}

TEST(PrometheusProbe, Hardening) {
  PrometheusProbe p;
  testing::expect_survives_hostile_replies(p);
  testing::expect_truncation_never_proves(p, recorded("open.lwt"));
}

}  // namespace
}  // namespace lw::probes
