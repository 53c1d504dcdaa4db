// Integration: the lab's kibana instances. Kibana cannot run here: the lab runs
// tests/fakes/replay_server.py with replies written from Kibana's documentation
// (tests/fakes/transcripts/kibana/PROVENANCE). The probe's whole dialogue runs over TCP and is
// checked against the lab's ground truth.
#include <gtest/gtest.h>

#include "probes/common/test_lab.h"
#include "probes/kibana/kibana_probe.h"

namespace lw::probes {

TEST(KibanaIntegration, LabReplayInstancesMatchGroundTruth) {
  const KibanaProbe probe;
  testing::expect_lab_service_matches_truth(probe, "kibana", 2);
}

}  // namespace lw::probes
