// Kibana probe tests. Kibana cannot run here: the replies are written from Kibana's documentation
// (tests/fakes/transcripts/kibana/PROVENANCE), the bytes the lab replays.
#include "probes/kibana/kibana_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

testing::Answer answer(const std::string& name) {
  return testing::manifest_answer(testing::transcripts_dir() + "kibana/" + name);
}

TEST(KibanaProbe, SecurityOffReadsSavedObjects) {
  KibanaProbe p;
  const auto t = testing::run_dialogue(p, {}, answer("open.json"));
  ASSERT_EQ(t.size(), 2u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->version, "8.11.0");
  EXPECT_EQ(obs->metadata["security"], false);
  EXPECT_EQ(obs->metadata["saved_objects"][0]["title"], "customer-logs-*");
  EXPECT_EQ(obs->samples.size(), 2u);
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.proof, "GET /api/saved_objects/_find");
}

TEST(KibanaProbe, SecurityOnIsAuthRequired) {
  KibanaProbe p;
  auto obs = p.parse(testing::run_dialogue(p, {}, answer("secured.json")));
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->metadata["security"], true);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(KibanaProbe, Hardening) {
  KibanaProbe p;
  testing::expect_survives_hostile_replies(p);
  testing::expect_not_identified(
      p, testing::json_reply(401, R"({"statusCode":401,"error":"Unauthorized","message":"x"})"));
  testing::expect_truncation_never_proves(p, testing::run_dialogue(p, {}, answer("open.json")));
}

}  // namespace
}  // namespace lw::probes
