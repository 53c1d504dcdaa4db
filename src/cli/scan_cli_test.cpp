// The refusals of leakwatch whose meaning is an exit status, through the built binary: one line
// naming the bad option, exit 2, and nothing stored or created. Traffic only to 127.0.0.1.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "catalog/store.h"
#include "cli/scan_setup.h"
#include "pipeline/scan_config.h"

#include "support/shell_run.h"

namespace lw::cli {
namespace {

struct CommandRun {
  int status = -1;
  std::string out;
  std::string err;
};

class ScanCli : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/lw-scan-cli-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  CommandRun run(const std::string& args) {
    // stdin from /dev/null: a refusal must not wait for input.
    auto r = testing::run_shell(std::string(LW_BINARY_DIR) + "/leakwatch " + args + " </dev/null",
                                dir_ + "/stderr.txt");
    return {r.status, std::move(r.out), std::move(r.err)};
  }
  std::string db_path() const { return dir_ + "/c.db"; }
  std::string db() const { return "--db '" + db_path() + "'"; }
  bool db_exists() const { return std::filesystem::exists(db_path()); }

  std::string dir_;
};

// Exit 2, one line that names `name`, and no catalog created.
void expect_refused(const CommandRun& r, const std::string& name, bool db_created) {
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(db_created) << r.err;
}

TEST_F(ScanCli, NumericOptionsRefuseNanInfinityNegativeAndOverMaximum) {
  const std::pair<const char*, const char*> cases[] = {
      {"--rate", "nan"},          {"--rate", "inf"},
      {"--rate", "-1"},           {"--rate", "1e400"},
      {"--rate", "20000000"},     {"--concurrency", "nan"},
      {"--concurrency", "-1"},    {"--concurrency", "-4294967295"},
      {"--per-host", "inf"},      {"--workers", "65"},
      {"--workers", "-0"},        {"--max-reply-bytes", "nan"},
      {"--max-attempts", "1e9"},  {"--connect-timeout", "nan"},
      {"--read-timeout", "infs"}, {"--service-timeout", "-0s"},
  };
  for (const auto& [option, value] : cases) {
    auto r = run(std::string("scan 127.0.0.1 -q ") + option + " " + value + " " + db());
    SCOPED_TRACE(std::string(option) + " " + value);
    expect_refused(r, option, db_exists());
  }
  expect_refused(run("search --offset -5 " + db()), "--offset", db_exists());
  expect_refused(run("search --limit nan " + db()), "--limit", db_exists());
  expect_refused(run("search --facet-limit inf " + db()), "--facet-limit", db_exists());
  expect_refused(run("prune --keep -1 " + db()), "--keep", db_exists());
  expect_refused(run("import --batch nan /dev/null --dry-run"), "--batch", false);
  expect_refused(run("import --port -1 /dev/null --dry-run"), "--port", false);
  expect_refused(run("lint --max-file-size nan /dev/null"), "--max-file-size", false);
}

TEST_F(ScanCli, HugeTargetSpacesNeedTheFlagAndImpossibleOnesAreRefusedBeforeStoring) {
  expect_refused(run("scan 0.0.0.0/0 -p 80 " + db()), "--allow-huge-scan", db_exists());
  expect_refused(run("scan 12.0.0.0/7 -p 80 " + db()), "--allow-huge-scan", db_exists());
  // Impossible even with the flag: refused before the banner and before the catalog.
  auto v6 = run("scan ::/0 --allow-huge-scan " + db());
  expect_refused(v6, "too large", db_exists());
  expect_refused(run("scan 2001:db8::/64 --allow-huge-scan " + db()), "too large", db_exists());
}

TEST_F(ScanCli, EmptyPortListAndBadFilesAreRefused) {
  expect_refused(run("scan 127.0.0.1 -p '' " + db()), "-p", db_exists());
  const std::string list = dir_ + "/targets.txt";
  std::ofstream(list) << "127.0.0.1\n\x1b[2J\x1b]0;owned\x07\n127.0.0.2\n";
  auto r = run("scan -iL '" + list + "' " + db());
  expect_refused(r, list + ":2: target '\\x1b[2J\\x1b]0;owned\\x07'", db_exists());
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.err.find('\x07'), std::string::npos);
  auto from = run("scan --from '" + list + "' --from-format nosuch " + db());
  expect_refused(from, "--from-format", db_exists());
  const std::string junk = dir_ + "/junk.txt";
  std::ofstream(junk) << "hello\n";
  auto detect = run("scan --from '" + junk + "' " + db());
  expect_refused(detect, "--from-format", db_exists());
  EXPECT_EQ(detect.err.find(" --format"), std::string::npos) << detect.err;
}

TEST_F(ScanCli, ReadingCommandsRefuseAMissingCatalog) {
  for (const std::string cmd :
       {"search", "host 127.0.0.1", "history 127.0.0.1:80", "export services", "prune --keep 30"}) {
    SCOPED_TRACE(cmd);
    auto r = run(cmd + " " + db());
    expect_refused(r, db_path(), db_exists());
    EXPECT_NE(r.err.find("no catalog"), std::string::npos) << r.err;
  }
  // A malformed PostgreSQL URL is bad input too (nothing is contacted).
  auto pg = run("search --db 'postgresql://lw:s3cretpw@[::1/leakwatch'");
  EXPECT_EQ(pg.status, 2) << pg.err;
  EXPECT_NE(pg.err.find("PostgreSQL URL"), std::string::npos) << pg.err;
  EXPECT_EQ(pg.err.find("s3cretpw"), std::string::npos) << "the password is never printed";
  auto port = run("export services --db 'postgresql://127.0.0.1:99999999999/leakwatch'");
  EXPECT_EQ(port.status, 2) << port.err;
  EXPECT_NE(port.err.find("port '99999999999'"), std::string::npos) << port.err;
}

// A catalog that holds a stored scan whose configuration cannot run (an impossible IPv6 space,
// as older versions stored for ::/0) newer than a real interrupted scan: plain --resume skips
// and marks the first, then finishes the second.
TEST_F(ScanCli, ResumeSkipsAStoredScanThatCannotRun) {
  ScanArguments a;
  a.targets = {"127.0.0.1"};
  a.ports = "1";
  a.probes = "none";
  a.seed = "7";
  a.workers = 1;
  std::vector<std::string> notes;
  auto real = build_scan_config(
      a, probes::builtin_probes(),
      [](std::string_view) -> Result<std::vector<Address>> { return std::vector<Address>{}; },
      notes);
  ASSERT_TRUE(real) << real.error().describe();
  pipeline::ScanConfig impossible = *real;
  impossible.ranges = {*parse_cidr("2000::/3")};
  {
    auto store = catalog::open_store(db_path());
    ASSERT_TRUE(store) << store.error().describe();
    catalog::ScanInfo ok;
    ok.id = "realscan";
    ok.config_json = pipeline::to_json(*real).dump();
    ok.status = catalog::ScanStatus::interrupted;
    ok.started_ms = 1000;
    ASSERT_TRUE((*store)->begin_scan(ok));
    catalog::ScanInfo bad;
    bad.id = "impossible";
    bad.config_json = pipeline::to_json(impossible).dump();
    bad.status = catalog::ScanStatus::interrupted;
    bad.started_ms = 2000;
    ASSERT_TRUE((*store)->begin_scan(bad));
  }
  auto r = run("scan --resume -q " + db());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("skipping scan impossible"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("too large"), std::string::npos) << r.err;

  auto store = catalog::open_store(db_path());
  ASSERT_TRUE(store);
  auto next = (*store)->resumable_scan(std::nullopt);
  ASSERT_TRUE(next);
  EXPECT_FALSE(next->has_value());  // the real one is done, the impossible one failed
  auto marked = (*store)->resumable_scan(std::string("impossible"));
  ASSERT_TRUE(marked && marked->has_value());
  EXPECT_EQ((*marked)->status, catalog::ScanStatus::failed);
  auto done = (*store)->resumable_scan(std::string("realscan"));
  ASSERT_TRUE(done && done->has_value());
  EXPECT_EQ((*done)->status, catalog::ScanStatus::done);

  // Asked for by id, a scan that cannot run is bad input.
  auto by_id = run("scan --resume impossible -q " + db());
  expect_refused(by_id, "impossible", false);
}

}  // namespace
}  // namespace lw::cli
