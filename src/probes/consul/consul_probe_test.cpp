// Consul probe tests. Consul is not in Debian or npm: the replies are written from the Consul HTTP
// API reference (tests/fakes/transcripts/consul/PROVENANCE), the bytes the lab replays.
#include "probes/consul/consul_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

testing::Answer answer(const std::string& name) {
  return testing::manifest_answer(testing::transcripts_dir() + "consul/" + name);
}

TEST(ConsulProbe, OpenAgentReadsKeyValuesAndNodes) {
  ConsulProbe p;
  const auto t = testing::run_dialogue(p, {}, answer("open.json"));
  ASSERT_EQ(t.size(), 5u);  // self, nodes, keys, two values ("app/" holds nothing)
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "consul");
  EXPECT_EQ(obs->version, "1.17.0");
  EXPECT_EQ(obs->metadata["datacenter"], "dc1");
  EXPECT_EQ(obs->metadata["nodes"][0]["address"], "10.1.10.12");
  EXPECT_EQ(obs->metadata["keys"].size(), 3u);
  ASSERT_EQ(obs->samples.size(), 4u);
  EXPECT_EQ(obs->samples[2].source, "key app/config/db_password");
  EXPECT_EQ(obs->samples[2].data, "lab-fake-password-not-real");
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.proof, "GET /v1/kv/app/config/db_password");
}

TEST(ConsulProbe, DefaultDenyAclIsAuthRequired) {
  ConsulProbe p;
  const auto t = testing::run_dialogue(p, {}, answer("acl_deny.json"));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->metadata["default_acl_policy"], "deny");
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(ConsulProbe, Hardening) {
  ConsulProbe p;
  testing::expect_survives_hostile_replies(p);
  testing::expect_not_identified(p, testing::json_reply(200, R"({"Config":{"Datacenter":"dc1"}})"));
  EXPECT_EQ(consul::kv_path("a b/c"), "/v1/kv/a%20b/c");
  testing::expect_truncation_never_proves(p, testing::run_dialogue(p, {}, answer("open.json")));
}

}  // namespace
}  // namespace lw::probes
