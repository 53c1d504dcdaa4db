// Integration: the lab's real etcd instances (lab/services/etcd.sh: an open one and a secured
// twin on 127.0.2.x), the probe's whole dialogue over TCP (tests/fakes dialogue driver), checked
// against the lab's ground truth; no other web-family probe may claim them.
#include <gtest/gtest.h>

#include "probes/common/test_lab.h"
#include "probes/etcd/etcd_probe.h"

namespace lw::probes {

TEST(EtcdIntegration, LabInstancesMatchGroundTruth) {
  const EtcdProbe probe;
  testing::expect_lab_service_matches_truth(probe, "etcd", 2);
}

}  // namespace lw::probes
