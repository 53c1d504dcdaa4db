// Integration: the lab's chroma instances. Chroma is not in Debian or npm: the lab runs
// tests/fakes/replay_server.py with replies written from Chroma's documentation
// (tests/fakes/transcripts/chroma/PROVENANCE). The probe's whole dialogue runs over TCP and is
// checked against the lab's ground truth.
#include <gtest/gtest.h>

#include "probes/chroma/chroma_probe.h"
#include "probes/common/test_lab.h"

namespace lw::probes {

TEST(ChromaIntegration, LabReplayInstancesMatchGroundTruth) {
  const ChromaProbe probe;
  testing::expect_lab_service_matches_truth(probe, "chroma", 2);
}

}  // namespace lw::probes
