// Integration: the lab's webhdfs instances. No NameNode is in Debian or npm: the lab runs
// tests/fakes/replay_server.py with replies written from the WebHDFS documentation
// (tests/fakes/transcripts/webhdfs/PROVENANCE): the open NameNode on 127.0.2.82:9870, its
// DataNode on 127.0.2.82:9864, the Kerberos one on 127.0.2.83:9870. The probe's whole dialogue
// runs over TCP with the engine's dialogue loop and is checked against the lab's ground truth.
// The NameNode alone lists the tree (evidence access: OPEN is redirected); with its follow-ups,
// the DataNode serves the files and the planted ones are read.
#include <gtest/gtest.h>

#include <algorithm>

#include "probes/common/test_lab.h"
#include "probes/webhdfs/webhdfs_probe.h"

namespace lw::probes {

TEST(WebhdfsIntegration, LabReplayInstancesMatchGroundTruth) {
  const WebhdfsProbe probe;
  testing::expect_lab_service_matches_truth(probe, "webhdfs", 2, EvidenceKind::access);
}

TEST(WebhdfsIntegration, TheDataNodeOfTheOpenInstanceServesThePlantedFiles) {
  // `scripts/lab status` exits 0 whether or not the service runs: its truth says it is up.
  const bool was_up = testing::lab_command("status webhdfs >/dev/null 2>&1") == 0 &&
                      !testing::lab_truth("webhdfs").empty();
  ASSERT_EQ(testing::lab_command("up webhdfs"), 0);
  const WebhdfsProbe probe;
  ProbeOptions options;
  options.port = 9870;
  options.address = "127.0.2.82";  // as the engine sets it
  auto t = lw::testing::run_dialogue(probe, options, "127.0.2.82", 9870, testing::lab_limits());
  ASSERT_TRUE(t) << t.error().describe();
  auto main = probe.parse(*t);
  ASSERT_TRUE(main) << main.error().describe();
  const auto follow = probe.follow_ups(*main, options);
  ASSERT_EQ(follow.size(), kMaxFollowUps);
  std::vector<Result<Observation>> results;
  for (const auto& f : follow) {
    ASSERT_EQ(f->follow_up_port(), 9864);
    auto ft = lw::testing::run_dialogue(*f, options, "127.0.2.82", f->follow_up_port(),
                                        testing::lab_limits());
    ASSERT_TRUE(ft) << ft.error().describe();
    results.push_back(f->parse(*ft));
  }
  const Observation obs = probe.fold(std::move(*main), results);
  const Verdict v = probe.judge(obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read) << v.reason;
  std::vector<std::string> sources;
  for (const auto& s : obs.samples) sources.push_back(s.source);
  for (const char* f : {"hdfs /data/warehouse/hr.db/personnel/staff_export_2023.csv",
                        "hdfs /user/etl/archive/fin/cardholder_batch_0001.csv",
                        "hdfs /user/etl/archive/scan_0419.txt"}) {
    EXPECT_NE(std::find(sources.begin(), sources.end(), f), sources.end()) << f;
  }
  if (!was_up) {
    EXPECT_EQ(testing::lab_command("down webhdfs"), 0);
  }
}

}  // namespace lw::probes
