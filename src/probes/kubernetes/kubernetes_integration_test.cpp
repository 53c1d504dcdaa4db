// Integration: the lab's kubernetes instances. No API server or kubelet can run here: the lab
// runs tests/fakes/replay_server.py with replies written from the Kubernetes documentation
// (tests/fakes/transcripts/kubernetes/PROVENANCE). The probe's whole dialogue runs over TCP and
// is checked against the lab's ground truth.
#include <gtest/gtest.h>

#include "probes/common/test_lab.h"
#include "probes/kubernetes/kubernetes_probe.h"

namespace lw::probes {

TEST(KubernetesIntegration, LabReplayInstancesMatchGroundTruth) {
  const KubernetesProbe probe;
  testing::expect_lab_service_matches_truth(probe, "kubernetes", 3);
}

}  // namespace lw::probes
