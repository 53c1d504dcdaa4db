// Integration: real nats-server processes (Debian nats-server) on 127.0.1.145 (no auth),
// 127.0.1.146 (user and password) and 127.0.1.147 (no auth, JetStream on, streams filled by
// lab/services/data/deployed_data_mq.py); the dialogue over TCP.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

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

// An idle server without authorization accepts CONNECT and a wildcard SUB: access with nothing
// to read (open, evidence access); with a user and password it refuses the CONNECT.
TEST(NatsIntegration, IdleOpenIsAccessAndPasswordIsAuthRequired) {
  testing::TempDir dir("lw-nats-");
  auto open = start(dir, "127.0.1.145", {});
  ASSERT_TRUE(open);
  const auto v = run("127.0.1.145");
  EXPECT_EQ(v.kind, VerdictKind::open) << v.reason;
  EXPECT_EQ(v.evidence, EvidenceKind::access);
  auto secured = start(dir, "127.0.1.146", {"--user", "labuser", "--pass", "lab-secret-not-real"});
  ASSERT_TRUE(secured);
  EXPECT_EQ(run("127.0.1.146").kind, VerdictKind::auth_required);
}

// JetStream keeps messages at rest: the SSN record (one of 1,201 messages in its stream) and the
// card (one of 901) are read by subject without a consumer.
TEST(NatsIntegration, JetStreamMessagesAreReadBySubject) {
  testing::TempDir dir("lw-nats-js-");
  auto js = start(dir, "127.0.1.147", {"-js", "-sd", dir.path() + "/js"});
  ASSERT_TRUE(js);
  const std::string seed = "timeout 120 python3 " + std::string(LW_SOURCE_DIR) +
                           "/lab/services/data/deployed_data_mq.py nats 127.0.1.147 4222 >" +
                           dir.path() + "/seed.log 2>&1";
  ASSERT_EQ(std::system(seed.c_str()), 0) << seed;
  const auto r = integration::run(NatsProbe(), ProbeOptions{}, "127.0.1.147", 4222);
  EXPECT_EQ(r.verdict.kind, VerdictKind::open) << r.verdict.reason;
  EXPECT_EQ(r.verdict.evidence, EvidenceKind::read);
  std::string all;
  for (const auto& s : r.observation.samples) all += s.data + "\n";
  EXPECT_NE(all.find("\"ssn\": \""), std::string::npos) << all.substr(0, 500);
  EXPECT_NE(all.find("checkout card 4000 "), std::string::npos);
  EXPECT_EQ(r.observation.record_count, 2102u);
}

}  // namespace lw::probes
