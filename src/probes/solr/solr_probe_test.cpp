// Solr probe tests. No Solr server exists in Debian or npm: the replies are written from the
// Solr Reference Guide (tests/fakes/transcripts/solr/PROVENANCE), the bytes the lab replays.
#include "probes/solr/solr_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

testing::Answer answer(const std::string& name) {
  return testing::manifest_answer(testing::transcripts_dir() + "solr/" + name);
}

TEST(SolrProbe, OpenSolrReadsDocumentsFromItsCores) {
  SolrProbe p;
  const auto t = testing::run_dialogue(p, {}, answer("open.json"));
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(testing::target_of(t[2].exchange), "/solr/techproducts/select?q=*:*&rows=66&wt=json");
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "solr");
  EXPECT_EQ(obs->version, "9.4.0");
  EXPECT_EQ(obs->record_count, 32u);
  EXPECT_EQ(obs->data_bytes, 29711u);
  ASSERT_EQ(obs->samples.size(), 2u);
  EXPECT_EQ(obs->samples[1].source, "core techproducts doc SP2514N");
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.proof, "GET /solr/techproducts/select?q=*:*&rows=66&wt=json");
}

TEST(SolrProbe, BasicAuthPluginIsAuthRequired) {
  SolrProbe p;
  const auto t = testing::run_dialogue(p, {}, answer("secured.json"));
  ASSERT_EQ(t.size(), 1u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(SolrProbe, Hardening) {
  SolrProbe p;
  testing::expect_survives_hostile_replies(p);
  testing::expect_not_identified(
      p, testing::json_reply(200, R"({"responseHeader":{"status":0,"QTime":1},"lucene":{}})"));
  EXPECT_FALSE(solr::parse_cores(R"({"status":{}})"));
  testing::expect_truncation_never_proves(p, testing::run_dialogue(p, {}, answer("open.json")));
}

}  // namespace
}  // namespace lw::probes
