// Integration: real PostgreSQL servers (Debian postgresql-15) started by this test on
// 127.0.1.111 (trust) and 127.0.1.112 (scram-sha-256), the dialogue run over TCP.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "probes/common/integration_support.h"
#include "probes/postgresql/postgresql_probe.h"

namespace lw::probes {
namespace {

using testing::ServerProcess;
using testing::TempDir;

// As root, PostgreSQL's tools must run as an unprivileged user: the package's `postgres`.
std::vector<std::string> as_pg_user(std::vector<std::string> argv) {
  if (::geteuid() != 0) return argv;
  std::vector<std::string> out = {"setpriv", "--reuid=postgres", "--regid=postgres",
                                  "--init-groups", "--"};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& a : v) s += "'" + a + "' ";
  return s;
}

struct Pg {
  std::unique_ptr<TempDir> dir;
  std::optional<ServerProcess> process;
};

Pg start(const std::string& ip, const std::string& auth) {
  Pg pg;
  pg.dir = std::make_unique<TempDir>("lw-pg-");
  const auto initdb = testing::find_executable("initdb");
  const auto postgres = testing::find_executable("postgres");
  EXPECT_TRUE(initdb && postgres) << "PostgreSQL server binaries not installed (postgresql)";
  if (!initdb || !postgres) return pg;
  const std::string data = pg.dir->path() + "/data";
  const std::string pw = pg.dir->path() + "/pw";
  std::ofstream(pw) << "lab-secret-not-real\n";
  const std::string cmd = join(as_pg_user({*initdb, "-D", data, "-U", "postgres", "--auth=" + auth,
                                           "--pwfile=" + pw})) +
                          " > " + pg.dir->path() + "/initdb.log 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  if (auto p = integration::start_server(
          as_pg_user({*postgres, "-D", data, "-c", "listen_addresses=" + ip, "-c", "port=5432",
                      "-c", "unix_socket_directories=" + pg.dir->path(), "-c", "fsync=off"}),
          pg.dir->path() + "/log", ip, 5432)) {
    pg.process.emplace(std::move(*p));
  }
  return pg;
}

Verdict run(const std::string& ip, Observation* out) {
  // The port accepts before the server is ready ("57P03 the database system is starting up"):
  // retry while it says so, at most 60 s.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (true) {
    auto r = integration::run(PostgresqlProbe(), ProbeOptions{}, ip, 5432);
    const bool starting = r.observation.note.find("57P03") != std::string::npos;
    if (!starting || std::chrono::steady_clock::now() > deadline) {
      *out = std::move(r.observation);
      return r.verdict;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // bounded readiness poll
  }
}

}  // namespace

TEST(PostgresqlIntegration, TrustIsOpenAndScramIsAuthRequired) {
  auto open = start("127.0.1.111", "trust");
  ASSERT_TRUE(open.process);
  const auto psql = testing::find_executable("psql");
  ASSERT_TRUE(psql) << "psql not installed (postgresql-client)";
  const std::string seed = *psql +
                           " -q -h 127.0.1.111 -U postgres -d postgres -v ON_ERROR_STOP=1 -f " +
                           std::string(LW_SOURCE_DIR) + "/lab/services/data/postgresql_seed.sql";
  ASSERT_EQ(std::system(seed.c_str()), 0);
  Observation obs;
  auto v = run("127.0.1.111", &obs);
  EXPECT_EQ(v.kind, VerdictKind::open) << v.reason;
  EXPECT_EQ(obs.product, "postgresql");
  EXPECT_FALSE(obs.version.empty());
  EXPECT_EQ(obs.samples.size(), 3u);

  auto secured = start("127.0.1.112", "scram-sha-256");
  ASSERT_TRUE(secured.process);
  v = run("127.0.1.112", &obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required) << v.reason;
}

}  // namespace lw::probes
