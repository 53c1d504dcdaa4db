// Integration: Cassandra has no Debian package, so this runs the probe's dialogue over TCP against
// tests/fakes/replay_server.py replaying frames built from the CQL native protocol v4
// specification (tests/fakes/transcripts/cassandra/make_transcripts.py), on 127.0.1.135/136.
#include <gtest/gtest.h>

#include "probes/cassandra/cassandra_probe.h"
#include "probes/common/integration_support.h"

namespace lw::probes {
namespace {

Verdict run_against(const std::string& manifest, const std::string& ip) {
  testing::TempDir dir("lw-cql-");
  const auto server = integration::start_replay(dir, "cassandra/" + manifest, ip, 9042);
  if (!server) return {};
  return integration::run(CassandraProbe(), ProbeOptions{}, ip, 9042).verdict;
}

}  // namespace

TEST(CassandraIntegration, ReplayedNodesAreOpenAndAuthRequired) {
  EXPECT_EQ(run_against("open.json", "127.0.1.135").kind, VerdictKind::open);
  EXPECT_EQ(run_against("auth.json", "127.0.1.136").kind, VerdictKind::auth_required);
}

}  // namespace lw::probes
