// Integration: the lab's real prometheus instances (lab/services/prometheus.sh: an open one and a
// secured twin on 127.0.2.x), the probe's whole dialogue over TCP (tests/fakes dialogue driver),
// checked against the lab's ground truth; no other web-family probe may claim them.
#include <gtest/gtest.h>

#include "probes/common/test_lab.h"
#include "probes/prometheus/prometheus_probe.h"

namespace lw::probes {

TEST(PrometheusIntegration, LabInstancesMatchGroundTruth) {
  const PrometheusProbe probe;
  testing::expect_lab_service_matches_truth(probe, "prometheus", 2);
}

}  // namespace lw::probes
