// Integration: the lab's real clickhouse instances (lab/services/clickhouse.sh: an open one and a
// secured twin on 127.0.2.x), the probe's whole dialogue over TCP (tests/fakes dialogue driver),
// checked against the lab's ground truth; no other web-family probe may claim them.
#include <gtest/gtest.h>

#include "probes/clickhouse/clickhouse_probe.h"
#include "probes/common/test_lab.h"

namespace lw::probes {

TEST(ClickhouseIntegration, LabInstancesMatchGroundTruth) {
  const ClickhouseProbe probe;
  testing::expect_lab_service_matches_truth(probe, "clickhouse", 2);
}

}  // namespace lw::probes
