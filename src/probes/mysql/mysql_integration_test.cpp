// Integration: real MariaDB servers (Debian mariadb-server) started by this test on
// 127.0.1.121 (root with an empty password) and 127.0.1.122 (root with a password).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "probes/common/integration_support.h"
#include "probes/mysql/mysql_probe.h"

namespace lw::probes {
namespace {

using testing::ServerProcess;
using testing::TempDir;

struct Maria {
  std::unique_ptr<TempDir> dir;
  std::optional<ServerProcess> process;
  std::string socket;
};

Maria start(const std::string& ip, const std::string& password) {
  Maria m;
  m.dir = std::make_unique<TempDir>("lw-maria-");
  const auto install = testing::find_executable("mariadb-install-db");
  const auto client = testing::find_executable("mariadb");
  EXPECT_TRUE(install && client) << "mariadb-server / mariadb-client not installed";
  if (!install || !client) return m;
  const std::string user = ::geteuid() == 0 ? "mysql" : "";
  const std::string data = m.dir->path() + "/db";
  m.socket = m.dir->path() + "/sock";
  std::string cmd = *install + " --no-defaults --datadir=" + data +
                    (user.empty() ? "" : " --user=" + user) +
                    " --auth-root-authentication-method=normal --skip-test-db > " + m.dir->path() +
                    "/install.log 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::vector<std::string> argv = {"mariadbd",
                                   "--no-defaults",
                                   "--datadir=" + data,
                                   "--socket=" + m.socket,
                                   "--bind-address=" + ip,
                                   "--port=3306",
                                   "--skip-name-resolve",
                                   "--skip-log-bin",
                                   "--innodb-buffer-pool-size=16M"};
  if (!user.empty()) argv.push_back("--user=" + user);
  if (auto p = integration::start_server(argv, m.dir->path() + "/log", ip, 3306)) {
    m.process.emplace(std::move(*p));
  }
  if (!m.process) return m;
  const std::string sql =
      "CREATE USER 'root'@'%' IDENTIFIED BY '" + password +
      "'; GRANT ALL ON *.* TO 'root'@'%'; DELETE FROM mysql.global_priv WHERE User = 'root' AND "
      "Host NOT IN ('localhost', '%'); FLUSH PRIVILEGES;";
  cmd = *client + " --no-defaults -S " + m.socket + " -uroot -e \"" + sql + "\" && " + *client +
        " --no-defaults -S " + m.socket + " -uroot < " + LW_SOURCE_DIR +
        "/lab/services/data/mariadb_seed.sql > /dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return m;
}

Verdict run(const std::string& ip, Observation* out) {
  auto r = integration::run(MysqlProbe(), ProbeOptions{}, ip, 3306);
  *out = std::move(r.observation);
  return r.verdict;
}

}  // namespace

TEST(MysqlIntegration, EmptyRootPasswordIsOpenAndPasswordIsAuthRequired) {
  auto open = start("127.0.1.121", "");
  ASSERT_TRUE(open.process);
  Observation obs;
  auto v = run("127.0.1.121", &obs);
  EXPECT_EQ(v.kind, VerdictKind::open) << v.reason;
  EXPECT_EQ(obs.product, "mariadb");
  EXPECT_FALSE(obs.version.empty());
  EXPECT_EQ(obs.samples.size(), 3u);
  auto secured = start("127.0.1.122", "lab-secret-not-real");
  ASSERT_TRUE(secured.process);
  v = run("127.0.1.122", &obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required) << v.reason;
}

}  // namespace lw::probes
