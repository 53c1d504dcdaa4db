// Integration: the lab's real couchdb instances (lab/services/couchdb.sh: an open one, a secured
// twin and a deployment-like one with 17 databases on 127.0.2.x), the probe's whole dialogue over
// TCP (tests/fakes dialogue driver), checked against the lab's ground truth; no other web-family
// probe may claim them.
#include <gtest/gtest.h>

#include "probes/common/test_lab.h"
#include "probes/couchdb/couchdb_probe.h"

namespace lw::probes {

TEST(CouchdbIntegration, LabInstancesMatchGroundTruth) {
  const CouchdbProbe probe;
  testing::expect_lab_service_matches_truth(probe, "couchdb", 3);
}

}  // namespace lw::probes
