// CouchDB probe tests: dialogues recorded from PouchDB Server 4.2.0 (the CouchDB API from npm)
// and Apache CouchDB 3 replies written from its documentation (testdata/PROVENANCE).
#include "probes/couchdb/couchdb_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

using testing::json_reply;
using testing::target_of;

// `options`: those the file was recorded with (its requests follow them).
Transcript recorded(const std::string& name, const ProbeOptions& options = {}) {
  return testing::with_steps(CouchdbProbe{}, testing::recorded("couchdb/testdata/" + name),
                             options);
}

// Apache CouchDB 3.3 GET / (documentation example, with the Server header CouchDB sends).
constexpr std::string_view kCouchRoot =
    R"({"couchdb":"Welcome","version":"3.3.2","git_sha":"11a234070","uuid":"56f16e7c93ff4a2dc20eb6acc7000b71","features":["access-ready","partitioned","pluggable-storage-engines","reshard","scheduler"],"vendor":{"name":"The Apache Software Foundation"}})";
constexpr std::string_view kServer = "Server: CouchDB/3.3.2 (Erlang OTP/24)\r\n";

TEST(CouchdbProbe, OpenPouchdbServerReadsDocuments) {
  CouchdbProbe p;
  const auto t = recorded("pouchdb_open.lwt");
  ASSERT_EQ(t.size(), 3u);
  // The recorded requests are the ones the probe sends now.
  ProbeOptions o;
  o.port = 5984;
  testing::expect_replays(p, o, t, testing::ReplayCheck::requests);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "pouchdb-server");
  EXPECT_EQ(obs->version, "4.2.0");
  EXPECT_EQ(obs->metadata["databases"], nlohmann::json({"_replicator", "_users", "customers"}));
  ASSERT_EQ(obs->samples.size(), 2u);
  EXPECT_EQ(obs->samples[0].source, "db customers/cust-0001");
  EXPECT_NE(obs->samples[0].data.find("test.person@example.invalid"), std::string::npos);
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "GET /customers/_all_docs?limit=50&include_docs=true");
}

TEST(CouchdbProbe, SecuredPouchdbServerListsNamesButRefusesDocuments) {
  CouchdbProbe p;
  // Recorded when a scan sampled 6 records: the probe asked for ?limit=6 on `customers`.
  ProbeOptions six;
  six.max_sample_records = 6;
  auto obs = p.parse(recorded("pouchdb_secured.lwt", six));
  ASSERT_TRUE(obs);
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.evidence, EvidenceKind::identity);
  EXPECT_TRUE(obs->samples.empty());
}

TEST(CouchdbProbe, ApacheCouchdb3RefusesAllDbsToNonAdmins) {
  CouchdbProbe p;
  const auto t = testing::run_dialogue(p, {}, [](const Exchange& e) {
    if (target_of(e) == "/") return json_reply(200, kCouchRoot, kServer);
    return json_reply(401, R"({"error":"unauthorized","reason":"You are not a server admin."})",
                      kServer);
  });
  ASSERT_EQ(t.size(), 2u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->product, "couchdb");
  EXPECT_EQ(obs->version, "3.3.2");
  EXPECT_EQ(obs->metadata["vendor"], "The Apache Software Foundation");
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
  EXPECT_EQ(p.judge(*obs).proof, "GET /_all_dbs");
}

TEST(CouchdbProbe, RequireValidUserRefusesEvenTheWelcome) {
  CouchdbProbe p;
  const auto t = testing::run_dialogue(p, {}, [](const Exchange&) {
    return json_reply(401, R"({"error":"unauthorized","reason":"Authentication required."})",
                      std::string(kServer) + "WWW-Authenticate: Basic realm=\"server\"\r\n");
  });
  ASSERT_EQ(t.size(), 1u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->version, "3.3.2");
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(CouchdbProbe, CatchAllServerIsNotCouchdb) {
  CouchdbProbe p;
  // Without its Server header, a couch-like refusal is not CouchDB.
  testing::expect_not_identified(
      p, json_reply(401, R"({"error":"unauthorized","reason":"Authentication required."})"));
  // A welcome without the vendor object is not enough.
  testing::expect_not_identified(p, json_reply(200, R"({"couchdb":"Welcome","version":"3"})"));
  testing::expect_survives_hostile_replies(p);
}

TEST(CouchdbProbe, TruncationNeverProves) {
  CouchdbProbe p;
  testing::expect_truncation_never_proves(p, recorded("pouchdb_open.lwt"));
}

TEST(CouchdbProbe, DatabaseNamesAreEncoded) {
  EXPECT_EQ(couchdb::all_docs_path("a/b c", 2), "/a%2Fb%20c/_all_docs?limit=2&include_docs=true");
  EXPECT_FALSE(couchdb::parse_all_dbs(R"(["a",1])"));
  EXPECT_FALSE(couchdb::parse_all_dbs(R"([["a"]])"));
}

}  // namespace
}  // namespace lw::probes
