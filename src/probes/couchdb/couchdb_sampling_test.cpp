// The CouchDB probe's reach (every user database) and sampling (the shared sampler), on a
// dialogue recorded from a real server laid out as a deployment, and on hostile database lists.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "probes/common/sampler.h"
#include "probes/common/test_support.h"
#include "probes/couchdb/couchdb_probe.h"

namespace lw::probes {
namespace {

// Recorded from PouchDB Server 4.2.0 (npm pouchdb-server, lab/package.json) on 127.0.2.22:5984
// (lab instance `deployed`, seeded by lab/services/data/deployed_data.py couchdb: 17 databases,
// 1,236 documents; two SSNs in `staff_directory`, two cards in `payments`); provenance line in
// the file.
Transcript deployed() {
  return testing::with_steps(CouchdbProbe{},
                             testing::recorded("couchdb/testdata/recorded/deployed_4.2.0.lwt"));
}

bool sampled(const Observation& obs, std::string_view source, std::string_view text) {
  for (const auto& s : obs.samples) {
    if (s.source == source && s.data.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(CouchdbSampling, DeployedServerReadsTheSensitiveDatabasesAmongManyOrdinary) {
  CouchdbProbe p;
  const Transcript t = deployed();
  ASSERT_EQ(t.size(), 2u + couchdb::kMaxSampledDbs);
  ProbeOptions o;
  o.port = 5984;
  testing::expect_replays(p, o, t, testing::ReplayCheck::requests);
  // The sensitive name first; every name group before a second month of orders.
  EXPECT_EQ(t[2].exchange.label, "GET /payments/_all_docs?limit=16&include_docs=true");
  std::set<std::string> read;
  for (std::size_t i = 2; i < t.size(); ++i) {
    const auto& label = t[i].exchange.label;
    read.insert(label.substr(5, label.find("/_all_docs") - 5));
  }
  for (const char* db : {"payments", "staff_directory", "catalog", "sessions", "analytics-events",
                         "orders_2026_01"}) {
    EXPECT_TRUE(read.contains(db)) << db;
  }
  EXPECT_FALSE(read.contains("_users"));
  EXPECT_FALSE(read.contains("_replicator"));

  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_TRUE(obs->data_read);
  EXPECT_EQ(obs->metadata["database_count"], 19);
  EXPECT_TRUE(sampled(*obs, "db staff_directory/emp-1007", "\"ssn\""));
  EXPECT_TRUE(sampled(*obs, "db staff_directory/emp-1012", "\"ssn\""));
  EXPECT_TRUE(sampled(*obs, "db payments/pm-1", "\"card\""));
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("12 of 17 databases sampled"), std::string::npos) << sampling;
  EXPECT_NE(sampling.find("2 system databases"), std::string::npos) << sampling;
  EXPECT_NE(obs->metadata["sensitive_names"].dump().find("payments"), std::string::npos);
}

TEST(CouchdbSampling, RansomNoteDatabaseIsReadFirstAmongThousands) {
  std::vector<std::string> dbs{"_users", "_replicator"};
  for (int i = 0; i < 3000; ++i) dbs.push_back("tenant_" + std::to_string(100000 + i));
  dbs.insert(dbs.begin() + 1700, "readme_to_recover");
  const auto plan = couchdb::plan_dbs(dbs, couchdb::kMaxSampledDbs);
  ASSERT_EQ(plan.read.size(), couchdb::kMaxSampledDbs);
  EXPECT_EQ(plan.read.front(), "readme_to_recover");
  EXPECT_EQ(plan.system_dbs, 2u);
  EXPECT_EQ(plan.user_dbs.size(), 3001u);
}

TEST(CouchdbSampling, HugeDatabaseListsAndNamesAreBounded) {
  // 1 MB of one name: cut to 256 bytes before it reaches a request.
  auto one = couchdb::parse_all_dbs("[\"" + std::string(900 * 1024, 'd') + "\"]");
  ASSERT_TRUE(one) << one.error().describe();
  EXPECT_EQ(one->front().size(), 256u);
  // A list over the 1 MiB reply cap is refused as a whole, with a message naming it.
  std::string big = "[";
  for (int i = 0; i < 120000; ++i) big += "\"db_" + std::to_string(i) + "\",";
  big += "\"last\"]";
  EXPECT_FALSE(couchdb::parse_all_dbs(big));
  std::vector<std::string> many;
  for (int i = 0; i < 150000; ++i) many.push_back("db_" + std::to_string(i));
  const auto plan = couchdb::plan_dbs(many, couchdb::kMaxSampledDbs);
  EXPECT_EQ(plan.read.size(), couchdb::kMaxSampledDbs);
  EXPECT_EQ(couchdb::docs_per_db(200, plan.read.size()), 16u);
  EXPECT_EQ(couchdb::docs_per_db(0, 0), 1u);
  EXPECT_EQ(couchdb::docs_per_db(200, 1), couchdb::kMaxDocsPerDb);
}

}  // namespace
}  // namespace lw::probes
