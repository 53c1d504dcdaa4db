// Integration: real nats-server processes (Debian nats-server) on 127.0.1.145 (no auth) and
// 127.0.1.146 (user and password); the dialogue over TCP. A message published by a second
// client while the probe's subscription is open proves `open`.
#include <gtest/gtest.h>

#include <thread>

#include "probes/common/integration_support.h"
#include "probes/nats/nats_probe.h"

namespace lw::probes {
namespace {

std::optional<testing::ServerProcess> start(const testing::TempDir& dir, const std::string& ip,
                                            std::vector<std::string> extra) {
  std::vector<std::string> argv = {"nats-server", "-a", ip, "-p", "4222"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return integration::start_server(argv, dir.path() + "/" + ip + ".log", ip, 4222);
}

Verdict run(const std::string& ip) {
  return integration::run(NatsProbe(), ProbeOptions{}, ip, 4222).verdict;
}

}  // namespace

TEST(NatsIntegration, IdleOpenIsUnknownAndPasswordIsAuthRequired) {
  testing::TempDir dir("lw-nats-");
  auto open = start(dir, "127.0.1.145", {});
  ASSERT_TRUE(open);
  const auto v = run("127.0.1.145");
  EXPECT_EQ(v.kind, VerdictKind::unknown) << v.reason;
  EXPECT_EQ(v.evidence, EvidenceKind::identity);
  auto secured = start(dir, "127.0.1.146", {"--user", "labuser", "--pass", "lab-secret-not-real"});
  ASSERT_TRUE(secured);
  EXPECT_EQ(run("127.0.1.146").kind, VerdictKind::auth_required);
}

}  // namespace lw::probes
