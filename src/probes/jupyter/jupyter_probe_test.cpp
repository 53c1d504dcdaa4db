// Jupyter probe tests on dialogues recorded from Debian 12's jupyter-notebook 6.4.12
// (testdata/PROVENANCE).
#include "probes/jupyter/jupyter_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

Transcript recorded(const std::string& name) {
  return testing::recorded("jupyter/testdata/" + name);
}

TEST(JupyterProbe, TokenlessServerServesFiles) {
  JupyterProbe p;
  const auto t = recorded("open.lwt");
  ASSERT_EQ(t.size(), 4u);
  ProbeOptions o;
  o.port = 8888;
  testing::expect_replays(p, o, t, testing::ReplayCheck::requests);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "jupyter");
  EXPECT_EQ(obs->version, "6.4.12");
  EXPECT_EQ(obs->metadata["entries"].size(), 2u);
  ASSERT_EQ(obs->samples.size(), 2u);
  EXPECT_EQ(obs->samples[0].source, "file credentials.txt");
  EXPECT_NE(obs->samples[0].data.find("lab-fake-password-5678"), std::string::npos);
  EXPECT_EQ(obs->samples[1].content_type, "json");  // the notebook model
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.proof, "GET /api/contents/credentials.txt?content=1");
}

TEST(JupyterProbe, TokenProtectedServerIsAuthRequired) {
  JupyterProbe p;
  auto obs = p.parse(recorded("secured.lwt"));
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->version, "6.4.12");
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
  EXPECT_EQ(p.judge(*obs).proof, "GET /api/contents");
}

TEST(JupyterProbe, VersionWithoutJupyterCspIsNotJupyter) {
  JupyterProbe p;
  testing::expect_not_identified(p, testing::json_reply(200, R"({"version": "6.4.12"})"));
}

TEST(JupyterProbe, PathsAreEncodedPerSegment) {
  EXPECT_EQ(jupyter::contents_path("a b/c?.txt"), "/api/contents/a%20b/c%3F.txt?content=1");
  auto entries = jupyter::parse_listing(
      R"({"type":"directory","content":[{"path":"big.csv","type":"file","size":999999999},{"path":"d","type":"directory","size":null}]})");
  ASSERT_TRUE(entries);
  EXPECT_TRUE(jupyter::files_to_read(*entries, 3).empty());  // too big, or a folder
}

TEST(JupyterProbe, Hardening) {
  JupyterProbe p;
  testing::expect_survives_hostile_replies(p);
  testing::expect_truncation_never_proves(p, recorded("open.lwt"));
}

}  // namespace
}  // namespace lw::probes
