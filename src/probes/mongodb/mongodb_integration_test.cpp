// Integration: MongoDB has no Debian package, so this runs the probe's dialogue over TCP against
// tests/fakes/replay_server.py replaying transcripts built from the MongoDB manual
// (tests/fakes/transcripts/mongodb/make_transcripts.py names the pages), on 127.0.1.131/132/133
// (133: deployed.json, a deployment-like layout written by make_deployed.py).
#include <gtest/gtest.h>

#include <set>

#include "probes/common/integration_support.h"
#include "probes/mongodb/mongodb_probe.h"

namespace lw::probes {
namespace {

Verdict run_against(const std::string& manifest, const std::string& ip, Observation* out) {
  testing::TempDir dir("lw-mongo-");
  const auto server = integration::start_replay(dir, "mongodb/" + manifest, ip, 27017);
  if (!server) return {};
  auto r = integration::run(MongodbProbe(), ProbeOptions{}, ip, 27017);
  *out = std::move(r.observation);
  return r.verdict;
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

TEST(MongodbIntegration, ReplayedDeploymentIsReadWhereItsDataIs) {
  Observation obs;
  const auto v = run_against("deployed.json", "127.0.1.133", &obs);
  EXPECT_EQ(v.kind, VerdictKind::open) << v.reason;
  std::set<std::string> sources;
  for (const auto& s : obs.samples) sources.insert(s.source);
  EXPECT_TRUE(sources.contains("collection app_prod.kyc_records"));
  EXPECT_TRUE(sources.contains("collection app_prod.payment_methods"));
  EXPECT_TRUE(sources.contains("collection READ__ME_TO_RECOVER_YOUR_DATA.README"));
  EXPECT_EQ(sources.size(), 12u);
}

}  // namespace lw::probes
