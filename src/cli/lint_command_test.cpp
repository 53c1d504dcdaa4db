// Tests of `leakwatch lint` as a command (src/cli/lint_command.cpp): arguments, exit status,
// formats and bad input. They live in tests/lint/ until src/cli has its own test target.
#include "cli/lint_command.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "lint/test_util.h"

namespace lw::cli {
namespace {

using lint::testing::testdata;

struct CommandRun {
  int status;
  std::string out;
  std::string err;
};

CommandRun run(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int status = run_lint_command(args, out, err);
  return CommandRun{status, out.str(), err.str()};
}

// A temporary folder per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("lw_lint_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST(LintCommand, ExitOneOnHighFindingByDefault) {
  const CommandRun r = run({testdata("redis/open/redis.conf")});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("redis-no-auth"), std::string::npos) << r.out;
}

TEST(LintCommand, ExitZeroOnCleanFiles) {
  const CommandRun r = run({testdata("debian")});
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("0 finding(s)"), std::string::npos) << r.out;
}

TEST(LintCommand, FailOnThreshold) {
  // The open nginx config has a medium (autoindex) and a high (.git) finding.
  EXPECT_EQ(run({testdata("nginx/open/nginx.conf"), "--fail-on", "critical"}).status, 0);
  EXPECT_EQ(run({testdata("nginx/open/nginx.conf"), "--fail-on", "high"}).status, 1);
  // The read-only anonymous vsftpd has a medium finding only.
  EXPECT_EQ(run({testdata("vsftpd/readonly/vsftpd.conf")}).status, 0);
  EXPECT_EQ(run({testdata("vsftpd/readonly/vsftpd.conf"), "--fail-on", "MEDIUM"}).status, 1);
}

TEST(LintCommand, UsageErrorsExitTwo) {
  EXPECT_EQ(run({}).status, 2);
  EXPECT_EQ(run({testdata("redis"), "--format", "xml"}).status, 2);
  EXPECT_EQ(run({testdata("redis"), "--fail-on", "severe"}).status, 2);
  EXPECT_EQ(run({testdata("redis"), "--no-such-flag"}).status, 2);
  for (const char* bad : {"nan", "inf", "-1", "2000"}) {
    const CommandRun r = run({testdata("redis"), "--max-file-size", bad});
    EXPECT_EQ(r.status, 2) << bad;
    EXPECT_NE(r.err.find("--max-file-size"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST(LintCommand, JsonAndSarifAreValidJson) {
  const CommandRun json = run({testdata("arm"), "--format", "json"});
  EXPECT_EQ(json.status, 1);
  const auto parsed = nlohmann::json::parse(json.out);
  EXPECT_GE(parsed["findings"].size(), 5u);
  const CommandRun sarif = run({testdata("terraform"), "--format", "sarif"});
  const auto log = nlohmann::json::parse(sarif.out);
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_GE(log["runs"][0]["results"].size(), 7u);
}

TEST(LintCommand, MalformedFilesAreReportedWithLineAndOthersStillLinted) {
  const CommandRun r = run({testdata("bad"), "--format", "json"});
  const auto parsed = nlohmann::json::parse(r.out);
  std::map<std::string, std::size_t> error_lines;
  for (const auto& e : parsed["errors"]) {
    error_lines[std::filesystem::path(e["file"].get<std::string>()).filename().string()] =
        e["line"].get<std::size_t>();
  }
  ASSERT_TRUE(error_lines.count("mongod.conf")) << r.out;
  // The '[' opened on line 3 is found unclosed when line 4 starts a new key; yaml-cpp names
  // the line where it noticed.
  EXPECT_TRUE(error_lines["mongod.conf"] == 3u || error_lines["mongod.conf"] == 4u)
      << error_lines["mongod.conf"];
  ASSERT_TRUE(error_lines.count("daemon.json")) << r.out;
  EXPECT_EQ(error_lines["daemon.json"], 4u) << "JSON error at the trailing comma's '}'";
  ASSERT_TRUE(error_lines.count("redis-binary.conf")) << r.out;
  EXPECT_NE(r.err.find("binary"), std::string::npos) << r.err;
  // The well-formed file beside them is still linted.
  bool redis_found = false;
  for (const auto& f : parsed["findings"]) redis_found |= f["rule"] == "redis-no-auth";
  EXPECT_TRUE(redis_found);
  EXPECT_EQ(r.status, 1);
}

TEST(LintCommand, HugeFileIsSkippedWithAMessage) {
  TempDir dir;
  const std::string big = dir.write("redis.conf", std::string(2 * 1024 * 1024, '#'));
  const CommandRun r = run({big, "--max-file-size", "1"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("over the 1048576-byte cap"), std::string::npos) << r.out;
}

TEST(LintCommand, MissingAndUnreadablePathsAreReported) {
  TempDir dir;
  const std::string good = dir.write("a/redis.conf", "bind 127.0.0.1\n");
  const CommandRun r = run({dir.str() + "/nope.conf", good});
  EXPECT_NE(r.out.find("no such file or folder"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 checked file(s)"), std::string::npos) << r.out;
  if (::geteuid() != 0) {  // root reads everything; the permission case needs a normal user
    const std::string locked = dir.write("b/redis.conf", "bind 0.0.0.0\n");
    std::filesystem::permissions(locked, std::filesystem::perms::none);
    const CommandRun r2 = run({locked});
    EXPECT_NE(r2.out.find("cannot read"), std::string::npos) << r2.out;
  }
}

TEST(LintCommand, UnrecognisedFileNamedExplicitlyIsReported) {
  TempDir dir;
  const std::string readme = dir.write("README.md", "hello\n");
  const CommandRun r = run({readme});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("not a file kind lint recognises"), std::string::npos) << r.out;
}

TEST(LintCommand, FolderWalkSkipsGitNodeModulesAndSymlinkedFolders) {
  TempDir dir;
  dir.write("repo/.git/redis.conf", "bind 0.0.0.0\nprotected-mode no\n");
  dir.write("repo/node_modules/x/redis.conf", "bind 0.0.0.0\nprotected-mode no\n");
  dir.write("repo/conf/redis.conf", "bind 127.0.0.1\n");
  dir.write("repo/notes.txt", "not a config\n");
  std::filesystem::create_directory_symlink(dir.str() + "/repo", dir.str() + "/repo/conf/loop");
  const CommandRun r = run({dir.str() + "/repo", "--format", "json"});
  EXPECT_EQ(r.status, 0) << r.out;
  const auto parsed = nlohmann::json::parse(r.out);
  EXPECT_EQ(parsed["summary"]["files_checked"], 1) << r.out;
  EXPECT_EQ(parsed["summary"]["files_not_recognised"], 1) << r.out;
  EXPECT_TRUE(parsed["errors"].empty()) << r.out;
}

}  // namespace
}  // namespace lw::cli
