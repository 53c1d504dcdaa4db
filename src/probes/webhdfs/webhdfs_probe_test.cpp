// WebHDFS probe tests. No Hadoop NameNode is in Debian or npm: the replies are written from the
// WebHDFS REST API documentation (tests/fakes/transcripts/webhdfs/PROVENANCE), the bytes the lab
// replays.
#include "probes/webhdfs/webhdfs_probe.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

testing::Answer answer(const std::string& name) {
  return testing::manifest_answer(testing::transcripts_dir() + "webhdfs/" + name);
}

TEST(WebhdfsProbe, AnonymousListingIsOpen) {
  WebhdfsProbe p;
  const auto t = testing::run_dialogue(p, {}, answer("open.json"));
  // The replay's tree (make_tree.py): 29 folders, 103 files, the planted ones four folders
  // down. GETFILESTATUS, the walk up to its cap of 24 listings, then one OPEN: with no service
  // address to compare (ProbeOptions{}), the NameNode's documented 307 to DataNode
  // 127.0.2.82:9864 counts as another address, which ends the reads (webhdfs_datanode_test.cpp
  // follows it).
  ASSERT_EQ(t.size(), 1u + 24u + 1u);
  EXPECT_EQ(testing::target_of(t[1].exchange), "/webhdfs/v1/?op=LISTSTATUS");
  // The personnel folders are listed before the ordinary ones that came first.
  std::size_t personnel = 0;
  std::size_t staging = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].exchange.subject == "/data/warehouse/hr.db/personnel") personnel = i;
    if (t[i].exchange.subject == "/user/etl/staging") staging = i;
  }
  ASSERT_GT(personnel, 0u);
  EXPECT_LT(personnel, staging);
  EXPECT_EQ(t.back().exchange.subject, "/data/warehouse/hr.db/personnel/staff_export_2023.csv");
  EXPECT_EQ(
      testing::target_of(t.back().exchange),
      "/webhdfs/v1/data/warehouse/hr.db/personnel/staff_export_2023.csv?op=OPEN&length=16384");
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "webhdfs");
  EXPECT_EQ(obs->metadata["directories_listed"], 24);
  EXPECT_EQ(obs->metadata["entries"][0]["path"],
            "/data/warehouse/hr.db/personnel/staff_export_2023.csv");
  const auto& sampling = obs->metadata["sampling"];
  ASSERT_EQ(sampling.size(), 2u) << sampling.dump();
  EXPECT_NE(sampling[0].get<std::string>().find(
                "0 of 103 files sampled (OPEN is answered with a redirect to DataNode "
                "127.0.2.82:9864, read only on the service's own address"),
            std::string::npos)
      << sampling.dump();
  EXPECT_EQ(sampling[1], "24 directories listed; 5 directories not listed: cap 24");
  EXPECT_NE(obs->metadata["sensitive_names"].dump().find("staff_export_2023.csv"),
            std::string::npos);
  EXPECT_FALSE(obs->data_read);  // nothing read: a listing is access, not records
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::access);
  EXPECT_EQ(v.proof, "GET /webhdfs/v1/?op=LISTSTATUS");
}

TEST(WebhdfsProbe, AGarbageListingIsNamedAndNotProof) {
  WebhdfsProbe p;
  Transcript t = testing::run_dialogue(p, {}, answer("open.json"));
  ASSERT_GE(t.size(), 3u);
  t[1].reply = "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n\x01garbage\x02";
  t.resize(2);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_NE(obs->metadata["sampling"].dump().find("listing failed: /: "), std::string::npos)
      << obs->metadata["sampling"].dump();
  EXPECT_NE(p.judge(*obs).kind, VerdictKind::open);
}

TEST(WebhdfsProbe, AGatewayThatServesOpenIsRead) {
  // An HttpFS-style gateway answers OPEN itself with the bytes (same REST API): the documented
  // replay answers the walk, and OPEN of the export gets 200 with a body.
  WebhdfsProbe p;
  const auto replay = answer("open.json");
  const std::string body = "id,name,title\n1,Test Person,Synthetic Analyst\n";
  const auto t = testing::run_dialogue(p, {}, [&](const Exchange& e) {
    if (e.subject == "/data/warehouse/hr.db/personnel/staff_export_2023.csv") {
      return "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n\r\n" + body;
    }
    return replay(e);
  });
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_TRUE(obs->data_read);
  ASSERT_EQ(obs->samples.size(), 2u);  // the listing, then the file's first bytes
  EXPECT_EQ(obs->samples[1].source, "hdfs /data/warehouse/hr.db/personnel/staff_export_2023.csv");
  EXPECT_EQ(obs->samples[1].data, body);
  EXPECT_EQ(obs->metadata["sampling"][0].get<std::string>().rfind("1 of 103 files sampled", 0), 0u)
      << obs->metadata["sampling"].dump();
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(
      v.proof,
      "GET /webhdfs/v1/data/warehouse/hr.db/personnel/staff_export_2023.csv?op=OPEN&length=16384");
}

TEST(WebhdfsProbe, SecurityEnabledIsAuthRequired) {
  WebhdfsProbe p;
  auto obs = p.parse(testing::run_dialogue(p, {}, answer("kerberos.json")));
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(WebhdfsProbe, Hardening) {
  WebhdfsProbe p;
  testing::expect_survives_hostile_replies(p);
  EXPECT_FALSE(webhdfs::parse_list(R"({"FileStatuses":{}})"));
  // The walk's first turns hold the proof (the first listing answered in full); cutting every
  // reply of all its dozens of turns, each cut re-parsed whole, takes minutes under ASan.
  Transcript walk = testing::run_dialogue(p, {}, answer("open.json"));
  walk.resize(std::min<std::size_t>(walk.size(), 6));
  testing::expect_truncation_never_proves(p, walk);
}

}  // namespace
}  // namespace lw::probes
