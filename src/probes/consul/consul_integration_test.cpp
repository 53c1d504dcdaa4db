// Integration: the lab's consul instances. Consul is not in Debian or npm: the lab runs
// tests/fakes/replay_server.py with replies written from the Consul HTTP API reference
// (tests/fakes/transcripts/consul/PROVENANCE). The probe's whole dialogue runs over TCP and is
// checked against the lab's ground truth.
#include <gtest/gtest.h>

#include "probes/common/test_lab.h"
#include "probes/consul/consul_probe.h"

namespace lw::probes {

TEST(ConsulIntegration, LabReplayInstancesMatchGroundTruth) {
  const ConsulProbe probe;
  testing::expect_lab_service_matches_truth(probe, "consul", 2);
}

}  // namespace lw::probes
