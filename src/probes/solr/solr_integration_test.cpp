// Integration: the lab's solr instances. No Solr server exists in Debian or npm: the lab runs
// tests/fakes/replay_server.py with replies written from the Solr Reference Guide
// (tests/fakes/transcripts/solr/PROVENANCE). The probe's whole dialogue runs over TCP and is
// checked against the lab's ground truth.
#include <gtest/gtest.h>

#include "probes/common/test_lab.h"
#include "probes/solr/solr_probe.h"

namespace lw::probes {

TEST(SolrIntegration, LabReplayInstancesMatchGroundTruth) {
  const SolrProbe probe;
  testing::expect_lab_service_matches_truth(probe, "solr", 2);
}

}  // namespace lw::probes
