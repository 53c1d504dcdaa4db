// etcd probe tests on replies recorded from Debian 12's etcd-server 3.4.23 (testdata/PROVENANCE).
#include "probes/etcd/etcd_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

using testing::target_of;

std::string data(const std::string& name) {
  return testing::read_file(std::string(LW_SOURCE_DIR) + "/src/probes/etcd/testdata/" + name);
}

std::string open_etcd(const Exchange& e) {
  if (target_of(e) == "/version") return data("version.http");
  if (e.request.find("count_only") != std::string::npos) return data("count.http");
  if (e.request.find("keys_only") != std::string::npos) return data("keys.http");
  return data("values.http");
}

std::string secured_etcd(const Exchange& e) {
  if (target_of(e) == "/version") return data("secured_version.http");
  return data("secured_count.http");
}

TEST(EtcdProbe, OpenEtcdReadsKeysAndValues) {
  EtcdProbe p;
  ProbeOptions o;
  o.max_items = 7;
  o.max_sample_records = 3;
  const auto t = testing::run_dialogue(p, o, open_etcd);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_NE(t[2].exchange.request.find(R"("keys_only":true,"limit":7})"), std::string::npos);
  EXPECT_NE(t[3].exchange.request.find(R"("limit":3})"), std::string::npos);
  EXPECT_EQ(t[1].exchange.request.rfind("POST /v3/kv/range HTTP/1.1\r\n", 0), 0u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "etcd");
  EXPECT_EQ(obs->version, "3.4.23");
  EXPECT_EQ(obs->record_count, 2u);
  EXPECT_EQ(obs->metadata["keys"][0], "/app/config/db_password");
  EXPECT_EQ(obs->metadata["keys"].size(), 2u);
  ASSERT_EQ(obs->samples.size(), 2u);
  EXPECT_EQ(obs->samples[0].source, "key /app/config/db_password");
  EXPECT_EQ(obs->samples[0].data, "lab-fake-password-1234");
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "POST /v3/kv/range values");
}

TEST(EtcdProbe, AuthEnabledEtcdIsAuthRequired) {
  EtcdProbe p;
  const auto t = testing::run_dialogue(p, {}, secured_etcd);
  ASSERT_EQ(t.size(), 2u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.proof, "POST /v3/kv/range count_only");
  EXPECT_NE(v.reason.find("user name is empty"), std::string::npos);
}

TEST(EtcdProbe, VersionAloneIsIdentityOnly) {
  EtcdProbe p;
  const auto t = testing::run_dialogue(p, {}, [](const Exchange& e) {
    if (target_of(e) == "/version") return data("version.http");
    return testing::json_reply(404, R"({"error":"not found"})");
  });
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::unknown);
}

TEST(EtcdProbe, Hardening) {
  EtcdProbe p;
  testing::expect_survives_hostile_replies(p);
  testing::expect_truncation_never_proves(p, testing::run_dialogue(p, {}, open_etcd));
  // Values that are not base64, keys that are huge: no sample, no crash.
  const auto t = testing::run_dialogue(p, {}, [](const Exchange& e) {
    if (target_of(e) == "/version") return data("version.http");
    return testing::json_reply(
        200, R"({"header":{"cluster_id":"1","revision":"1"},"kvs":[{"key":"!!!","value":"@@"}]})");
  });
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_NE(p.judge(*obs).kind, VerdictKind::open);
}

}  // namespace
}  // namespace lw::probes
