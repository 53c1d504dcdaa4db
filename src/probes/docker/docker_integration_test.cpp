// Integration: the lab's docker instances. No Docker engine can run here: the lab runs
// tests/fakes/replay_server.py with the Docker Engine API reference's example responses
// (tests/fakes/transcripts/docker/PROVENANCE). The probe's whole dialogue runs over TCP and is
// checked against the lab's ground truth.
#include <gtest/gtest.h>

#include "probes/common/test_lab.h"
#include "probes/docker/docker_probe.h"

namespace lw::probes {

TEST(DockerIntegration, LabReplayInstancesMatchGroundTruth) {
  const DockerProbe probe;
  testing::expect_lab_service_matches_truth(probe, "docker", 2);
}

}  // namespace lw::probes
