// Integration: the lab's qdrant instances. Qdrant is not in Debian or npm: the lab runs
// tests/fakes/replay_server.py with replies written from Qdrant's API reference
// (tests/fakes/transcripts/qdrant/PROVENANCE). The probe's whole dialogue runs over TCP and is
// checked against the lab's ground truth.
#include <gtest/gtest.h>

#include "probes/common/test_lab.h"
#include "probes/qdrant/qdrant_probe.h"

namespace lw::probes {

TEST(QdrantIntegration, LabReplayInstancesMatchGroundTruth) {
  const QdrantProbe probe;
  testing::expect_lab_service_matches_truth(probe, "qdrant", 2);
}

}  // namespace lw::probes
