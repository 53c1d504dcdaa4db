// Kubernetes probe tests. No API server or kubelet can run here: the replies are written from
// the Kubernetes documentation (tests/fakes/transcripts/kubernetes/PROVENANCE), the same bytes
// the lab's replay server serves.
#include "probes/kubernetes/kubernetes_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

testing::Answer answer(const std::string& name) {
  return testing::manifest_answer(testing::transcripts_dir() + "kubernetes/" + name);
}

TEST(KubernetesProbe, AnonymousListingIsOpen) {
  KubernetesProbe p;
  ProbeOptions o;
  o.port = 6443;
  const auto t = testing::run_dialogue(p, o, answer("api_open.json"));
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(testing::target_of(t[1].exchange), "/api/v1/namespaces?limit=100");
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "kubernetes");
  EXPECT_EQ(obs->version, "v1.28.2");
  EXPECT_EQ(obs->metadata["namespaces"], nlohmann::json({"default", "billing"}));
  ASSERT_EQ(obs->samples.size(), 1u);
  EXPECT_NE(obs->samples[0].data.find("DB_PASSWORD"), std::string::npos);
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.proof, "GET /api/v1/pods");
}

TEST(KubernetesProbe, DefaultRbacIsAuthRequiredWithVersion) {
  KubernetesProbe p;
  const auto t = testing::run_dialogue(p, {}, answer("api_anonymous_forbidden.json"));
  ASSERT_EQ(t.size(), 2u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->version, "v1.28.2");
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.proof, "GET /api/v1/namespaces");
  EXPECT_NE(v.reason.find("system:anonymous"), std::string::npos);
}

TEST(KubernetesProbe, KubeletReadOnlyPortListsPods) {
  KubernetesProbe p;
  ProbeOptions o;
  o.port = 10255;
  const auto t = testing::run_dialogue(p, o, answer("kubelet_readonly.json"));
  ASSERT_EQ(t.size(), 1u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->product, "kubelet");
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::open);
  // On another port the kubelet is found through the 404 of /version.
  const auto t2 = testing::run_dialogue(p, {}, answer("kubelet_readonly.json"));
  ASSERT_EQ(t2.size(), 2u);
  auto obs2 = p.parse(t2);
  ASSERT_TRUE(obs2);
  EXPECT_EQ(p.judge(*obs2).kind, VerdictKind::open);
}

TEST(KubernetesProbe, AnonymousDisabledIsAuthRequired) {
  KubernetesProbe p;
  const auto t = testing::run_dialogue(p, {}, [](const Exchange&) {
    return testing::json_reply(
        401,
        R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401})");
  });
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(KubernetesProbe, Hardening) {
  KubernetesProbe p;
  testing::expect_survives_hostile_replies(p);
  testing::expect_not_identified(p, testing::json_reply(200, R"({"kind":"PodList","items":[]})"));
  testing::expect_truncation_never_proves(p, testing::run_dialogue(p, {}, answer("api_open.json")));
}

}  // namespace
}  // namespace lw::probes
