// Integration: a real ZooKeeper (Debian zookeeper 3.8, zkServer.sh start-foreground) on
// 127.0.1.141, seeded twice by lab/services/data/zk_seed.py: world-readable znodes, then the same
// tree with digest ACLs on a second server at 127.0.1.142.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "dialogue_driver.h"
#include "probes/zookeeper/zookeeper_probe.h"
#include "server_process.h"

namespace lw::probes {
namespace {

std::optional<testing::ServerProcess> start(const testing::TempDir& dir, const std::string& ip) {
  const std::string data = dir.path() + "/" + ip;
  const std::string conf = data + ".cfg";
  std::ofstream(conf) << "tickTime=2000\ndataDir=" << data << "\nclientPort=2181\n"
                      << "clientPortAddress=" << ip << "\nadmin.enableServer=false\n";
  const std::string script = "/usr/share/zookeeper/bin/zkServer.sh";
  EXPECT_TRUE(testing::find_executable(script)) << "zookeeper not installed (zookeeperd)";
  ::setenv("ZOO_LOG_DIR", dir.path().c_str(), 1);
  ::setenv("ZOOCFGDIR", "/etc/zookeeper/conf", 1);
  auto p = testing::ServerProcess::start({script, "start-foreground", conf}, data + ".log");
  EXPECT_TRUE(p) << (p ? "" : p.error().describe());
  if (!p) return std::nullopt;
  EXPECT_TRUE(testing::wait_for_port(ip, 2181, std::chrono::seconds(60)));
  return std::move(*p);
}

Verdict run(const std::string& ip) {
  const ZookeeperProbe probe;
  auto t = testing::run_dialogue(probe, ProbeOptions{}, ip, 2181);
  EXPECT_TRUE(t) << (t ? "" : t.error().describe());
  if (!t) return {};
  auto obs = probe.parse(*t);
  EXPECT_TRUE(obs);
  return obs ? probe.judge(*obs) : Verdict{};
}

}  // namespace

TEST(ZookeeperIntegration, WorldAclIsOpenAndDigestAclIsAuthRequired) {
  testing::TempDir dir("lw-zk-");
  const std::string seed =
      std::string("python3 ") + LW_SOURCE_DIR + "/lab/services/data/zk_seed.py";
  auto open = start(dir, "127.0.1.141");
  ASSERT_TRUE(open);
  ASSERT_EQ(std::system((seed + " 127.0.1.141 2181").c_str()), 0);
  EXPECT_EQ(run("127.0.1.141").kind, VerdictKind::open);
  auto secured = start(dir, "127.0.1.142");
  ASSERT_TRUE(secured);
  ASSERT_EQ(std::system((seed + " 127.0.1.142 2181 --acl-user labuser:x").c_str()), 0);
  EXPECT_EQ(run("127.0.1.142").kind, VerdictKind::auth_required);
}

}  // namespace lw::probes
