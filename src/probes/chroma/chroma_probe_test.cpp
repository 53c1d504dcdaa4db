// Chroma probe tests. Chroma is not in Debian or npm: the replies are written from Chroma's
// documentation and OpenAPI (tests/fakes/transcripts/chroma/PROVENANCE), the bytes the lab replays.
#include "probes/chroma/chroma_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

testing::Answer answer(const std::string& name) {
  return testing::manifest_answer(testing::transcripts_dir() + "chroma/" + name);
}

TEST(ChromaProbe, OpenChromaReadsDocuments) {
  ChromaProbe p;
  const auto t = testing::run_dialogue(p, {}, answer("open.json"));
  ASSERT_EQ(t.size(), 4u);
  EXPECT_NE(t[3].exchange.request.find(R"({"limit":66,"include":["documents","metadatas"]})"),
            std::string::npos);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->version, "0.4.22");
  ASSERT_EQ(obs->samples.size(), 2u);
  EXPECT_NE(obs->samples[1].data.find("078-05-1120"), std::string::npos);
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.proof, "POST /api/v1/collections/support_emails/get");
}

TEST(ChromaProbe, TokenAuthIsAuthRequired) {
  ChromaProbe p;
  auto obs = p.parse(testing::run_dialogue(p, {}, answer("token_auth.json")));
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(ChromaProbe, Hardening) {
  ChromaProbe p;
  testing::expect_survives_hostile_replies(p);
  testing::expect_truncation_never_proves(p, testing::run_dialogue(p, {}, answer("open.json")));
}

}  // namespace
}  // namespace lw::probes
