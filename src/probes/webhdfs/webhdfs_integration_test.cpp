// Integration: the lab's webhdfs instances. No NameNode is in Debian or npm: the lab runs
// tests/fakes/replay_server.py with replies written from the WebHDFS documentation
// (tests/fakes/transcripts/webhdfs/PROVENANCE). The probe's whole dialogue runs over TCP and is
// checked against the lab's ground truth. The open instance's tree is make_tree.py's: the probe
// lists it and names its sensitive files, but a NameNode answers OPEN with a redirect to a
// DataNode, so nothing is read: its open evidence is access.
#include <gtest/gtest.h>

#include "probes/common/test_lab.h"
#include "probes/webhdfs/webhdfs_probe.h"

namespace lw::probes {

TEST(WebhdfsIntegration, LabReplayInstancesMatchGroundTruth) {
  const WebhdfsProbe probe;
  testing::expect_lab_service_matches_truth(probe, "webhdfs", 2, EvidenceKind::access);
}

}  // namespace lw::probes
