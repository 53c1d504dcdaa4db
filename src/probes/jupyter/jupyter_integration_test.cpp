// Integration: the lab's real jupyter instances (lab/services/jupyter.sh: an open one and a secured
// twin on 127.0.2.x), the probe's whole dialogue over TCP (tests/fakes dialogue driver), checked
// against the lab's ground truth; no other web-family probe may claim them.
#include <gtest/gtest.h>

#include "probes/common/test_lab.h"
#include "probes/jupyter/jupyter_probe.h"

namespace lw::probes {

TEST(JupyterIntegration, LabInstancesMatchGroundTruth) {
  const JupyterProbe probe;
  testing::expect_lab_service_matches_truth(probe, "jupyter", 2);
}

}  // namespace lw::probes
