// The Elasticsearch probe's reach (every non-system index) and sampling (the shared sampler), on
// the lab's `deployed` cluster and on hostile index lists. No Elasticsearch server can be had
// here (not in Debian or npm): the cluster is a replay of replies written from Elastic's
// documentation (Root API, cat indices with ?format=json&bytes=b, Search API), with synthetic
// index names and documents: tests/fakes/transcripts/elasticsearch/make_deployed.py.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "probes/common/sampler.h"
#include "probes/common/test_support.h"
#include "probes/common/test_transcript.h"
#include "probes/elasticsearch/elasticsearch_probe.h"

namespace lw::probes {
namespace {

const std::string kDir = std::string(LW_SOURCE_DIR) + "/tests/fakes/transcripts/elasticsearch/";

// Answers like the replay server does with deployed.json: the first rule whose prefix starts
// the request, its reply file byte for byte.
std::string replay_deployed(const Exchange& e) {
  static const nlohmann::json manifest =
      nlohmann::json::parse(testing::read_file(kDir + "deployed.json"));
  for (const auto& rule : manifest["rules"]) {
    if (e.request.starts_with(rule["prefix"].get<std::string>())) {
      return testing::read_file(kDir + rule["reply"].get<std::string>());
    }
  }
  return {};
}

std::set<std::string> searched(const Transcript& t) {
  std::set<std::string> out;
  for (const auto& turn : t) {
    const std::string target = testing::target_of(turn.exchange);
    const auto end = target.find("/_search?");
    if (end != std::string::npos) out.insert(target.substr(1, end - 1));
  }
  return out;
}

bool sampled(const Observation& obs, std::string_view source_prefix, std::string_view text) {
  for (const auto& s : obs.samples) {
    if (s.source.starts_with(source_prefix) && s.data.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(ElasticsearchSampling, DeployedClusterReadsTheFewSensitiveIndicesAmongManyOrdinary) {
  ElasticsearchProbe p;
  ProbeOptions o;
  o.port = 9200;
  const auto t = testing::run_dialogue(p, o, replay_deployed);
  const auto indices = searched(t);
  // 37 data indices (30 daily log indices), 3 system and 1 empty: at most 12 read.
  EXPECT_EQ(t.size(), 2u + elasticsearch::kMaxSampledIndices);
  EXPECT_TRUE(indices.contains("emp-dir-v2"));     // an unremarkable name: stratified
  EXPECT_TRUE(indices.contains("billing-cards"));  // a sensitive name: first
  EXPECT_TRUE(indices.contains("read_me"));        // a ransom note's name: first
  for (const auto& name : indices) {
    EXPECT_NE(name.front(), '.') << name;
    EXPECT_NE(name, "tmp-reindex-0001");  // empty
  }
  // Every name group is visited before a second daily log index.
  EXPECT_TRUE(indices.contains("products") && indices.contains("orders-2026") &&
              indices.contains("sessions-v1") && indices.contains("metrics-host-2026.11"));
  // Documents per index: the 200-record budget over 12 indices.
  EXPECT_NE(t[2].exchange.request.find("size=16&"), std::string::npos) << t[2].exchange.label;

  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_TRUE(obs->data_read);
  EXPECT_EQ(obs->metadata["index_count"], 41);
  EXPECT_TRUE(sampled(*obs, "index emp-dir-v2/_doc/1007", "\"ssn\""));
  EXPECT_TRUE(sampled(*obs, "index billing-cards/_doc/", "\"card\""));
  // The ransom note is read whole: its demand, address and contact are in the sample.
  EXPECT_TRUE(sampled(*obs, "index read_me/_doc/1", "BTC to 1LabTestFakeAddressDoNotUse9xQ"));
  EXPECT_TRUE(sampled(*obs, "index read_me/_doc/1", "restore.data@example.com"));
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("12 of 37 indices sampled"), std::string::npos) << sampling;
  EXPECT_NE(sampling.find("3 system indices"), std::string::npos) << sampling;
  EXPECT_NE(sampling.find("1 empty indices skipped"), std::string::npos) << sampling;
  const std::string names = obs->metadata["sensitive_names"].dump();
  EXPECT_NE(names.find("billing-cards"), std::string::npos) << names;
  EXPECT_NE(names.find("read_me"), std::string::npos) << names;
}

std::vector<elasticsearch::IndexInfo> logs(std::size_t n) {
  std::vector<elasticsearch::IndexInfo> out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back({"logs-app-" + std::to_string(100000 + i), 1000, 1000000 - i, "green"});
  }
  return out;
}

TEST(ElasticsearchSampling, RansomNoteNamesAreReadFirstAmongThousands) {
  for (const std::string note : {"README_TO_RECOVER", "x7k2qz9d-meow", "read_me", "warning"}) {
    auto indices = logs(5000);
    indices.insert(indices.begin() + 4321, {note, 1, 300, "green"});
    const auto plan = elasticsearch::plan_indices(indices, elasticsearch::kMaxSampledIndices);
    ASSERT_FALSE(plan.read.empty());
    EXPECT_EQ(plan.read.front(), note);
    EXPECT_EQ(plan.data_indices, 5001u);
  }
}

TEST(ElasticsearchSampling, HugeIndexListsAndNamesAreBounded) {
  auto indices = logs(150000);  // more than the sampler considers
  indices.push_back({std::string(1 << 20, 'n'), 5, 5, "green"});
  indices.push_back({".system", 5, 5, "green"});
  const auto plan = elasticsearch::plan_indices(indices, elasticsearch::kMaxSampledIndices);
  EXPECT_EQ(plan.read.size(), elasticsearch::kMaxSampledIndices);
  EXPECT_EQ(plan.system_indices, 1u);
  EXPECT_EQ(coverage_note(plan.read.size(), plan.data_indices, "indices"),
            "12 of 150001 indices sampled");
  // A cat row's name is cut to 255 bytes before it reaches a request.
  const std::string body =
      R"([{"index":")" + std::string(1 << 20, 'x') + R"(","docs.count":"3","store.size":"9"}])";
  auto parsed = elasticsearch::parse_cat_indices(body);
  ASSERT_TRUE(parsed) << parsed.error().describe();
  EXPECT_EQ(parsed->front().name.size(), 255u);
}

TEST(ElasticsearchSampling, DocumentsPerIndexShareTheRecordBudget) {
  EXPECT_EQ(elasticsearch::docs_per_index(200, 12), 16u);
  EXPECT_EQ(elasticsearch::docs_per_index(200, 1), elasticsearch::kMaxDocsPerIndex);
  EXPECT_EQ(elasticsearch::docs_per_index(0, 3), 1u);
  EXPECT_EQ(elasticsearch::docs_per_index(200, 0), elasticsearch::kMaxDocsPerIndex);
}

}  // namespace
}  // namespace lw::probes
