// Integration: MongoDB has no Debian package, so this runs the probe's dialogue over TCP against
// tests/fakes/replay_server.py replaying transcripts built from the MongoDB manual
// (tests/fakes/transcripts/mongodb/make_transcripts.py names the pages), on 127.0.1.131/132.
#include <gtest/gtest.h>

#include "dialogue_driver.h"
#include "probes/mongodb/mongodb_probe.h"
#include "server_process.h"

namespace lw::probes {
namespace {

Verdict run_against(const std::string& manifest, const std::string& ip, Observation* out) {
  testing::TempDir dir("lw-mongo-");
  const std::string base = std::string(LW_SOURCE_DIR) + "/tests/fakes";
  auto server = testing::ServerProcess::start(
      {"python3", base + "/replay_server.py", "--listen", ip + ":27017", "--manifest",
       base + "/transcripts/mongodb/" + manifest, "--max-seconds", "60"},
      dir.path() + "/log");
  EXPECT_TRUE(server) << (server ? "" : server.error().describe());
  if (!server) return {};
  EXPECT_TRUE(testing::wait_for_port(ip, 27017, std::chrono::seconds(30)));
  const MongodbProbe probe;
  auto t = testing::run_dialogue(probe, ProbeOptions{}, ip, 27017);
  EXPECT_TRUE(t) << (t ? "" : t.error().describe());
  if (!t) return {};
  auto obs = probe.parse(*t);
  EXPECT_TRUE(obs);
  if (!obs) return {};
  *out = *obs;
  return probe.judge(*obs);
}

}  // namespace

TEST(MongodbIntegration, ReplayedOpenServerIsOpen) {
  Observation obs;
  const auto v = run_against("open.json", "127.0.1.131", &obs);
  EXPECT_EQ(v.kind, VerdictKind::open) << v.reason;
  EXPECT_EQ(obs.version, "7.0.14");
  EXPECT_EQ(obs.samples.size(), 2u);
}

TEST(MongodbIntegration, ReplayedAuthServerIsAuthRequired) {
  Observation obs;
  const auto v = run_against("auth.json", "127.0.1.132", &obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required) << v.reason;
}

}  // namespace lw::probes
