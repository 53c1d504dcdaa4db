// Integration: Cassandra has no Debian package, so this runs the probe's dialogue over TCP against
// tests/fakes/replay_server.py replaying frames built from the CQL native protocol v4
// specification (tests/fakes/transcripts/cassandra/make_transcripts.py), on 127.0.1.135/136.
#include <gtest/gtest.h>

#include "dialogue_driver.h"
#include "probes/cassandra/cassandra_probe.h"
#include "server_process.h"

namespace lw::probes {
namespace {

Verdict run_against(const std::string& manifest, const std::string& ip) {
  testing::TempDir dir("lw-cql-");
  const std::string base = std::string(LW_SOURCE_DIR) + "/tests/fakes";
  auto server = testing::ServerProcess::start(
      {"python3", base + "/replay_server.py", "--listen", ip + ":9042", "--manifest",
       base + "/transcripts/cassandra/" + manifest, "--max-seconds", "60"},
      dir.path() + "/log");
  EXPECT_TRUE(server) << (server ? "" : server.error().describe());
  if (!server) return {};
  EXPECT_TRUE(testing::wait_for_port(ip, 9042, std::chrono::seconds(30)));
  const CassandraProbe probe;
  auto t = testing::run_dialogue(probe, ProbeOptions{}, ip, 9042);
  EXPECT_TRUE(t) << (t ? "" : t.error().describe());
  if (!t) return {};
  auto obs = probe.parse(*t);
  EXPECT_TRUE(obs);
  return obs ? probe.judge(*obs) : Verdict{};
}

}  // namespace

TEST(CassandraIntegration, ReplayedNodesAreOpenAndAuthRequired) {
  EXPECT_EQ(run_against("open.json", "127.0.1.135").kind, VerdictKind::open);
  EXPECT_EQ(run_against("auth.json", "127.0.1.136").kind, VerdictKind::auth_required);
}

}  // namespace lw::probes
