// Qdrant probe tests. Qdrant is not in Debian or npm: the replies are written from Qdrant's API
// reference (tests/fakes/transcripts/qdrant/PROVENANCE), the bytes the lab replays.
#include "probes/qdrant/qdrant_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

testing::Answer answer(const std::string& name) {
  return testing::manifest_answer(testing::transcripts_dir() + "qdrant/" + name);
}

TEST(QdrantProbe, OpenQdrantScrollsPayloads) {
  QdrantProbe p;
  const auto t = testing::run_dialogue(p, {}, answer("open.json"));
  ASSERT_EQ(t.size(), 3u);
  EXPECT_NE(t[2].exchange.request.find(R"({"limit":66,"with_payload":true,"with_vector":false})"),
            std::string::npos);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->version, "1.7.4");
  EXPECT_EQ(obs->metadata["collections"], nlohmann::json({"support_tickets"}));
  ASSERT_EQ(obs->samples.size(), 2u);
  EXPECT_EQ(obs->samples[0].source, "collection support_tickets point 1");
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.proof, "POST /collections/support_tickets/points/scroll");
}

TEST(QdrantProbe, ApiKeyIsAuthRequired) {
  QdrantProbe p;
  auto obs = p.parse(testing::run_dialogue(p, {}, answer("api_key.json")));
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(QdrantProbe, Hardening) {
  QdrantProbe p;
  testing::expect_survives_hostile_replies(p);
  testing::expect_truncation_never_proves(p, testing::run_dialogue(p, {}, answer("open.json")));
}

}  // namespace
}  // namespace lw::probes
