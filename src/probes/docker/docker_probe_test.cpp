// Docker probe tests. No Docker engine can run here: the replies are the Docker Engine API
// reference's own example responses (tests/fakes/transcripts/docker/PROVENANCE), the same bytes
// the lab's replay server serves.
#include "probes/docker/docker_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

std::string manifest(const std::string& name) {
  return testing::transcripts_dir() + "docker/" + name;
}

TEST(DockerProbe, OpenEngineListsContainers) {
  DockerProbe p;
  ProbeOptions o;
  o.port = 2375;
  o.max_items = 50;
  const auto t = testing::run_dialogue(p, o, testing::manifest_answer(manifest("open.json")));
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(testing::target_of(t[1].exchange), "/containers/json?all=1&limit=50");
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "docker");
  EXPECT_EQ(obs->version, "24.0.7");
  EXPECT_EQ(obs->metadata["api_version"], "1.43");
  EXPECT_EQ(obs->metadata["containers"][0]["image"], "ubuntu:latest");
  ASSERT_EQ(obs->samples.size(), 1u);
  EXPECT_NE(obs->samples[0].data.find("com.example.vendor"), std::string::npos);
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.proof, "GET /containers/json");
}

TEST(DockerProbe, AuthorizationPluginRefusalIsAuthRequired) {
  DockerProbe p;
  const auto t = testing::run_dialogue(p, {}, testing::manifest_answer(manifest("authz.json")));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(DockerProbe, VersionBodyWithoutApiVersionHeaderIsNotDocker) {
  DockerProbe p;
  testing::expect_not_identified(
      p, testing::json_reply(200, R"({"Version":"1","ApiVersion":"1.43","GoVersion":"go1"})"));
}

TEST(DockerProbe, Hardening) {
  DockerProbe p;
  testing::expect_survives_hostile_replies(p);
  testing::expect_truncation_never_proves(
      p, testing::run_dialogue(p, {}, testing::manifest_answer(manifest("open.json"))));
}

}  // namespace
}  // namespace lw::probes
