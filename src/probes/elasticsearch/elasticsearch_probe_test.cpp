// Elasticsearch / OpenSearch probe tests. No Elasticsearch or OpenSearch server can be had on
// this machine: every body here comes from the products' own documentation (see
// testdata/PROVENANCE), wrapped in the HTTP headers the documentation describes.
#include "probes/elasticsearch/elasticsearch_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

using testing::json_reply;
using testing::read_file;
using testing::target_of;

std::string data(const std::string& name) {
  return read_file(std::string(LW_SOURCE_DIR) + "/src/probes/elasticsearch/testdata/" + name);
}

constexpr std::string_view kEsHeaders = "X-elastic-product: Elasticsearch\r\n";

// Answers like an Elasticsearch 8 node with security off (the documented example bodies).
std::string open_es(const Exchange& e) {
  const std::string target = target_of(e);
  if (target == "/") return json_reply(200, data("root_es8.json"), kEsHeaders);
  if (target == "/_cat/indices?format=json&bytes=b&h=index,health,docs.count,store.size") {
    return json_reply(200, data("cat_indices.json"), kEsHeaders);
  }
  if (target.starts_with("/my-index-000001/_search?")) {
    return json_reply(200, data("search.json"), kEsHeaders);
  }
  return json_reply(404, R"({"error":"not found"})", kEsHeaders);
}

std::string secured_es(const Exchange&) {
  return testing::http_reply(
      401, "Unauthorized",
      "WWW-Authenticate: Basic realm=\"security\" charset=\"UTF-8\"\r\nWWW-Authenticate: Bearer "
      "realm=\"security\"\r\nWWW-Authenticate: ApiKey\r\ncontent-type: application/json\r\n",
      data("security_401.json"));
}

TEST(ElasticsearchProbe, OpenClusterReadsDocumentsFromTheLargestDataIndex) {
  ElasticsearchProbe p;
  ProbeOptions o;
  o.port = 9200;
  const auto t = testing::run_dialogue(p, o, open_es);
  ASSERT_EQ(t.size(), 3u);  // GET /, _cat/indices, one _search (.security-7 and empty skipped)
  EXPECT_EQ(target_of(t[2].exchange), "/my-index-000001/_search?size=50&q=*&terminate_after=50");
  EXPECT_NE(t[0].exchange.request.find("Host: localhost:9200\r\n"), std::string::npos);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_TRUE(obs->identified);
  EXPECT_EQ(obs->product, "elasticsearch");
  EXPECT_EQ(obs->version, "8.15.1");
  EXPECT_EQ(obs->metadata["cluster_name"], "my_test_cluster");
  EXPECT_EQ(obs->metadata["index_count"], 3);
  EXPECT_EQ(obs->metadata["indices"][0]["name"], ".security-7");  // largest first
  EXPECT_EQ(obs->record_count, 1207u);
  EXPECT_EQ(obs->data_bytes, 88069u + 260u + 990000u);
  ASSERT_EQ(obs->samples.size(), 1u);
  EXPECT_EQ(obs->samples[0].source, "index my-index-000001/_doc/0");
  EXPECT_NE(obs->samples[0].data.find("kimchy"), std::string::npos);
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "GET /my-index-000001/_search?size=50&q=*&terminate_after=50");
}

TEST(ElasticsearchProbe, OpenSearchIsNamedByItsDistribution) {
  ElasticsearchProbe p;
  const auto t = testing::run_dialogue(p, {}, [](const Exchange& e) {
    if (target_of(e) == "/") return json_reply(200, data("root_opensearch.json"));
    return json_reply(200, "[]");
  });
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->product, "opensearch");
  EXPECT_EQ(obs->version, "2.11.0");
  // An empty cluster: the index list answered without credentials, no documents: open with
  // evidence access (an empty open store is open: docs/probes.md "What open means").
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::open);
  EXPECT_EQ(p.judge(*obs).evidence, EvidenceKind::access);
}

TEST(ElasticsearchProbe, SecuredClusterIsAuthRequiredAfterOneRequest) {
  ElasticsearchProbe p;
  const auto t = testing::run_dialogue(p, {}, secured_es);
  ASSERT_EQ(t.size(), 1u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.evidence, EvidenceKind::identity);
  EXPECT_EQ(v.proof, "GET /");
}

TEST(ElasticsearchProbe, OpenSearchSecurityPluginRefusalIsAuthRequired) {
  ElasticsearchProbe p;
  const auto t = testing::run_dialogue(p, {}, [](const Exchange&) {
    return testing::http_reply(401, "Unauthorized",
                               "WWW-Authenticate: Basic realm=\"OpenSearch Security\"\r\n"
                               "content-type: text/plain; charset=UTF-8\r\n",
                               "Unauthorized");
  });
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->product, "opensearch");
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(ElasticsearchProbe, TaglineAloneOrLuceneAloneIsNotEnough) {
  ElasticsearchProbe p;
  testing::expect_not_identified(p, json_reply(200, R"({"tagline":"You Know, for Search"})"));
  testing::expect_not_identified(
      p, json_reply(200, R"({"version":{"number":"1","lucene_version":"9"},"tagline":"hi"})"));
  // A 401 with Elastic's realm but no security_exception body (a proxy copying the header).
  testing::expect_not_identified(
      p, testing::http_reply(401, "Unauthorized", "WWW-Authenticate: Basic realm=\"security\"\r\n",
                             "denied"));
}

TEST(ElasticsearchProbe, IndexNamesAreEncodedInTheSearchPath) {
  EXPECT_EQ(elasticsearch::search_path("a b/../c", 2),
            "/a%20b%2F..%2Fc/_search?size=2&q=*&terminate_after=2");
}

TEST(ElasticsearchProbe, CatIndicesRejectsOtherShapes) {
  EXPECT_FALSE(elasticsearch::parse_cat_indices(R"({"index":"x"})"));
  EXPECT_FALSE(elasticsearch::parse_cat_indices(R"([{"health":"green"}])"));
  EXPECT_FALSE(elasticsearch::parse_cat_indices(std::string(100, '[')));
  auto ok = elasticsearch::parse_cat_indices(data("cat_indices.json"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->size(), 3u);
}

TEST(ElasticsearchProbe, Hardening) {
  ElasticsearchProbe p;
  testing::expect_survives_hostile_replies(p);
  testing::expect_truncation_never_proves(p, testing::run_dialogue(p, {}, open_es));
}

}  // namespace
}  // namespace lw::probes
