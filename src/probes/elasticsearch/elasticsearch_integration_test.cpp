// Integration: the lab's elasticsearch instances. No Elasticsearch server exists in Debian or
// npm: the lab runs tests/fakes/replay_server.py with replies written from Elastic's
// documentation (tests/fakes/transcripts/elasticsearch/PROVENANCE). The probe's whole dialogue
// runs over TCP (tests/fakes dialogue driver) and is checked against the lab's ground truth
// (the `deployed` instance: 41 indices laid out as a deployment, make_deployed.py).
#include <gtest/gtest.h>

#include "probes/common/test_lab.h"
#include "probes/elasticsearch/elasticsearch_probe.h"

namespace lw::probes {

TEST(ElasticsearchIntegration, LabReplayInstancesMatchGroundTruth) {
  const ElasticsearchProbe probe;
  testing::expect_lab_service_matches_truth(probe, "elasticsearch", 3);
}

}  // namespace lw::probes
