// Integration: real redis-server processes (Debian package redis-server) started by this test on
// 127.0.1.10x, the probe's whole dialogue run over TCP by tests/fakes' dialogue driver.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "probes/common/integration_support.h"
#include "probes/redis/redis_probe.h"

namespace lw::probes {
namespace {

std::string seed_commands() {
  std::ifstream in(std::string(LW_SOURCE_DIR) + "/lab/services/data/redis_seed.redis");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "Redis server v=7.0.15 sha=..." -> "7.0.15"
std::string installed_version() {
  const auto bin = testing::find_executable("redis-server");
  if (!bin) return {};
  std::string cmd = *bin + " --version";
  FILE* f = ::popen(cmd.c_str(), "r");
  if (!f) return {};
  char buf[256] = {};
  const std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  ::pclose(f);
  const std::string out(buf, n);
  const auto v = out.find("v=");
  if (v == std::string::npos) return {};
  return out.substr(v + 2, out.find(' ', v) - v - 2);
}

integration::Server start_redis(const std::string& ip, std::uint16_t port,
                                const std::string& extra) {
  auto r = integration::make_dir("lw-redis-");
  const std::string conf = r.path("redis.conf");
  std::ofstream(conf) << "bind " << ip << "\nport " << port << "\ndir " << r.dir->path()
                      << "\nsave \"\"\nappendonly no\nprotected-mode no\ndaemonize no\n"
                      << extra;
  integration::start(r, {"redis-server", conf}, ip, port);
  return r;
}

Verdict run(const std::string& ip, std::uint16_t port, Observation* out = nullptr) {
  auto r = integration::run(RedisProbe(), integration::options_for(port), ip, port);
  if (out) *out = std::move(r.observation);
  return r.verdict;
}

}  // namespace

TEST(RedisIntegration, OpenInstanceIsOpenWithProductAndVersion) {
  auto r = start_redis("127.0.1.101", 6379, "");
  ASSERT_TRUE(r.process);
  auto seeded = testing::raw_exchange("127.0.1.101", 6379, seed_commands() + "QUIT\r\n", "");
  ASSERT_TRUE(seeded);
  Observation obs;
  const auto v = run("127.0.1.101", 6379, &obs);
  EXPECT_EQ(v.kind, VerdictKind::open) << v.reason;
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(obs.product, "redis");
  EXPECT_EQ(obs.version, installed_version());
  EXPECT_EQ(obs.record_count, 10u);
  EXPECT_EQ(obs.samples.size(), 10u);
  // The default configuration answers CONFIG GET to anyone: CONFIG SET dir/dbfilename then
  // writes the server's files (the route to code execution); the probe only asked.
  EXPECT_TRUE(obs.capabilities.write);
  EXPECT_TRUE(obs.capabilities.exec);
  EXPECT_EQ(obs.metadata["config_get"]["answered"], true);
}

// CONFIG renamed away (the hardening Redis's own documentation suggests): still open by its
// reads, but no write or exec capability is claimed.
TEST(RedisIntegration, ConfigRenamedAwayIsOpenWithoutExec) {
  auto r = start_redis("127.0.1.107", 6379, "rename-command CONFIG \"\"\n");
  ASSERT_TRUE(r.process);
  ASSERT_TRUE(testing::raw_exchange("127.0.1.107", 6379, "SET k v\r\nQUIT\r\n", ""));
  Observation obs;
  const auto v = run("127.0.1.107", 6379, &obs);
  EXPECT_EQ(v.kind, VerdictKind::open) << v.reason;
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_TRUE(obs.capabilities.read);
  EXPECT_FALSE(obs.capabilities.write);
  EXPECT_FALSE(obs.capabilities.exec);
  EXPECT_EQ(obs.metadata["config_get"]["answered"], false);
  EXPECT_NE(obs.metadata["config_get"]["error"].get<std::string>().find("unknown command"),
            std::string::npos);
}

TEST(RedisIntegration, RequirePassIsAuthRequired) {
  auto r = start_redis("127.0.1.102", 6379, "requirepass lab-secret-not-real\n");
  ASSERT_TRUE(r.process);
  Observation obs;
  const auto v = run("127.0.1.102", 6379, &obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required) << v.reason;
  EXPECT_TRUE(obs.samples.empty());
}

TEST(RedisIntegration, NonDefaultPortIsIdentified) {
  auto r = start_redis("127.0.1.103", 7379, "");
  ASSERT_TRUE(r.process);
  ASSERT_TRUE(testing::raw_exchange("127.0.1.103", 7379, "SET k v\r\nQUIT\r\n", ""));
  Observation obs;
  const auto v = run("127.0.1.103", 7379, &obs);
  EXPECT_EQ(v.kind, VerdictKind::open) << v.reason;
  EXPECT_EQ(obs.product, "redis");
}

// An empty Redis answers INFO without AUTH: access a requirepass server refuses, with nothing
// to read (docs/probes.md, "What open means").
TEST(RedisIntegration, EmptyInstanceIsOpenWithAccessEvidence) {
  auto r = start_redis("127.0.1.106", 6379, "");
  ASSERT_TRUE(r.process);
  const auto v = run("127.0.1.106", 6379);
  EXPECT_EQ(v.kind, VerdictKind::open) << v.reason;
  EXPECT_EQ(v.evidence, EvidenceKind::access);
  EXPECT_EQ(v.proof, "INFO");
}

}  // namespace lw::probes
