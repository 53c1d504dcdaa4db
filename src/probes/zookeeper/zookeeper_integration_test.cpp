// Integration: a real ZooKeeper (Debian zookeeper 3.8, zkServer.sh start-foreground) on
// 127.0.1.141, seeded twice by lab/services/data/zk_seed.py: world-readable znodes, then the same
// tree with digest ACLs on a second server at 127.0.1.142.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "probes/common/integration_support.h"
#include "probes/zookeeper/zookeeper_probe.h"

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
  return integration::start_server({script, "start-foreground", conf}, data + ".log", ip, 2181);
}

Verdict run(const std::string& ip) {
  return integration::run(ZookeeperProbe(), ProbeOptions{}, ip, 2181).verdict;
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
