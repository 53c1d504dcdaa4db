// The MongoDB probe's reach (every non-system database, listCollections in each) and sampling
// (the shared sampler over db.collection names). No MongoDB server is packaged for Debian: the
// deployment is replayed from tests/fakes/transcripts/mongodb/deployed.json, replies built by
// make_deployed.py in the shapes the MongoDB manual documents (hello, buildInfo, listDatabases,
// listCollections, find), with synthetic names and documents.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "probes/common/sampler.h"
#include "probes/common/test_support.h"
#include "probes/mongodb/mongo_wire.h"
#include "probes/mongodb/mongodb_probe.h"

namespace lw::probes {
namespace {

const std::string kDir = std::string(LW_MONGO_TRANSCRIPTS) + "/";

std::string file(const std::string& name) {
  std::ifstream in(kDir + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string unhex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

// What replay_server.py does with a manifest: the first rule whose pattern the request contains,
// its reply with the request's requestID copied into responseTo.
std::string replay(const Exchange& e) {
  static const nlohmann::json manifest = nlohmann::json::parse(file("deployed.json"));
  for (const auto& rule : manifest["rules"]) {
    const std::string pattern = rule.contains("contains") ? rule["contains"].get<std::string>()
                                                          : unhex(rule["contains_hex"]);
    if (e.request.find(pattern) == std::string::npos) continue;
    std::string reply = file(rule["reply"]);
    if (reply.size() >= 12 && e.request.size() >= 8) reply.replace(8, 4, e.request.substr(4, 4));
    return reply;
  }
  return {};
}

Transcript converse(const MongodbProbe& p, const ProbeOptions& o) {
  Transcript t;
  for (int i = 0; i < 64; ++i) {
    auto ex = p.next(o, t);
    if (!ex) break;
    const std::string r = replay(*ex);
    t.push_back(Turn{*ex, r, ReplyEnd::complete});
  }
  return t;
}

bool sampled(const Observation& obs, std::string_view source, std::string_view text) {
  for (const auto& s : obs.samples) {
    if (s.source == source && s.data.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(MongodbSampling, DeployedServerReadsTheFewSensitiveCollectionsAmongManyOrdinary) {
  const MongodbProbe p;
  const Transcript t = converse(p, {});
  std::set<std::string> listed;
  std::vector<std::string> found;
  for (const auto& turn : t) {
    if (turn.exchange.label.starts_with("listCollections ")) {
      listed.insert(turn.exchange.label.substr(16));
    }
    if (turn.exchange.label.starts_with("find ")) found.push_back(turn.exchange.label.substr(5));
  }
  // Every non-system database listed; admin, local and config never.
  EXPECT_EQ(listed, (std::set<std::string>{"analytics", "app_prod", "shop",
                                           "READ__ME_TO_RECOVER_YOUR_DATA"}));
  // 12 of 36 collections read: the sensitive names first, then one of every group.
  ASSERT_EQ(found.size(), 12u);
  const std::set<std::string> first_two(found.begin(), found.begin() + 2);
  EXPECT_EQ(first_two, (std::set<std::string>{"app_prod.payment_methods",
                                              "READ__ME_TO_RECOVER_YOUR_DATA.README"}));
  const std::set<std::string> read(found.begin(), found.end());
  EXPECT_TRUE(read.contains("app_prod.kyc_records"));  // an unremarkable name: stratified
  std::size_t event_days = 0;
  for (const auto& ns : read) event_days += ns.starts_with("analytics.events_") ? 1u : 0u;
  EXPECT_EQ(event_days, 1u);  // 20 daily collections are one group

  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_TRUE(obs->data_read);
  EXPECT_TRUE(sampled(*obs, "collection app_prod.kyc_records", "\"ssn\""));
  EXPECT_TRUE(sampled(*obs, "collection app_prod.payment_methods", "\"card\""));
  EXPECT_TRUE(sampled(*obs, "collection READ__ME_TO_RECOVER_YOUR_DATA.README",
                      "BTC to 1LabTestFakeAddressDoNotUse9xQ"));
  EXPECT_TRUE(
      sampled(*obs, "collection READ__ME_TO_RECOVER_YOUR_DATA.README", "restore.data@example.com"));
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("12 of 36 collections sampled"), std::string::npos) << sampling;
  EXPECT_NE(sampling.find("3 system databases"), std::string::npos) << sampling;
  const std::string names = obs->metadata["sensitive_names"].dump();
  EXPECT_NE(names.find("app_prod.payment_methods"), std::string::npos) << names;
  EXPECT_NE(names.find("READ__ME_TO_RECOVER_YOUR_DATA.README"), std::string::npos) << names;
  // Documents per collection: the 200-record budget over 12 collections.
  for (const auto& turn : t) {
    if (!turn.exchange.label.starts_with("find ")) continue;
    EXPECT_EQ(mongo::number(turn.exchange.request.substr(21), "limit"), 16.0);
  }
}

TEST(MongodbSampling, SmallRecordBudgetsBoundTheReads) {
  const MongodbProbe p;
  ProbeOptions o;
  o.max_sample_records = 3;
  const Transcript t = converse(p, o);
  std::size_t finds = 0;
  for (const auto& turn : t) finds += turn.exchange.label.starts_with("find ") ? 1u : 0u;
  EXPECT_EQ(finds, 3u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_NE(obs->metadata["sampling"].dump().find("3 of 36 collections sampled"),
            std::string::npos);
}

}  // namespace
}  // namespace lw::probes
