// The command end to end: output shapes, exit statuses, and the redaction guarantee (no planted
// raw value appears anywhere in what a scan writes, table or JSON).
#include "cli/classify_command.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "classify/validators.h"
#include "core/unique_fd.h"

#include "support/shell_run.h"

namespace lw::cli {
namespace {

namespace fs = std::filesystem;

struct CommandResult {
  int status;
  std::string out;
  std::string err;
};

class classify_command : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lw_classify_cmd_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& data) {
    const auto p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << data;
    return p;
  }

  CommandResult run(std::vector<std::string> args, const std::string& stdin_data = {}) {
    args.insert(args.begin(), "classify");
    args.push_back("--key-file");
    args.push_back((dir_ / "key").string());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    std::istringstream in(stdin_data);
    std::ostringstream out, err;
    const int status =
        run_classify_command(static_cast<int>(argv.size()), argv.data(), in, out, err);
    return {status, out.str(), err.str()};
  }

  // The built binary, through `sh -c`, bounded by timeout(1): a hang is status 124, not a stuck
  // test. `shell` is appended as is (redirections).
  CommandResult run_binary(const std::string& args, const std::string& shell = {}) {
    const std::string cmd = "timeout 60 '" + std::string(LW_BINARY_DIR) + "/leakwatch' classify " +
                            args + " --key-file '" + (dir_ / "key").string() + "' " + shell;
    auto r = testing::run_shell(cmd, (dir_ / "stderr.txt").string());
    return {r.status, std::move(r.out), std::move(r.err)};
  }

  // A FIFO holding `data` whose write side stays open (this process holds it) until the end of
  // the test: a reader gets the data, then waits for more that never comes.
  std::string open_fifo(const std::string& data) {
    const auto path = (dir_ / "fifo").string();
    EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0);
    fifo_.emplace(::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC));
    EXPECT_GE(fifo_->get(), 0);
    EXPECT_TRUE(write_all(fifo_->get(), data.data(), data.size()));
    return path;
  }

  fs::path dir_;
  std::optional<UniqueFd> fifo_;
};

// Raw values planted below; none may appear in any output.
const std::string kGithubRandom = "Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0";
const std::vector<std::string> kPlanted{"536-22-4781",
                                        "536224781",
                                        "4111 1111 1111 1111",
                                        "4111111111111111",
                                        "alice.planted@example.com",
                                        "DE89370400440532013000",
                                        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzFAKEKEY12",
                                        "Tr0ub4dor7xPlanted",
                                        "AKIAQWERTYUIOPASDFGH",
                                        "9fQ2xL7vK1mZ8rT4bW6yH3nJ5cD0sAPl"};

std::string planted_text() {
  return "name: Alice\nSSN 536-22-4781 and ssn: 536224781\ncard 4111 1111 1111 1111 / "
         "4111111111111111\n"
         "mail alice.planted@example.com\nIBAN DE89 3704 0044 0532 0130 00 DE89370400440532013000\n"
         "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzFAKEKEY12\n"
         "DATABASE_URL=postgres://app:Tr0ub4dor7xPlanted@db.internal/app\n"
         "key AKIAQWERTYUIOPASDFGH\napi_key: \"9fQ2xL7vK1mZ8rT4bW6yH3nJ5cD0sAPl\"\n"
         "GITHUB_TOKEN=ghp_" +
         kGithubRandom + lw::classify::base62_crc32(kGithubRandom) + "\n";
}

std::string gzip(const std::string& data) {
  z_stream s{};
  deflateInit2(&s, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&s, data.size()) + 64, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.avail_in = static_cast<uInt>(data.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  deflate(&s, Z_FINISH);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

TEST_F(classify_command, NoRawValueInAnyOutput) {
  const auto text = planted_text();
  write("plain.txt", text);
  write(
      "nested/data.json",
      R"({"user": {"ssn": "536-22-4781", "email": "alice.planted@example.com", "cc": "4111111111111111"}})");
  write("people.csv", "name,ssn,card\nAlice,536224781,4111 1111 1111 1111\n");
  write("archive.txt.gz", gzip(text));
  const std::string token = "ghp_" + kGithubRandom + lw::classify::base62_crc32(kGithubRandom);
  std::vector<std::string> planted = kPlanted;
  planted.push_back(token);
  planted.push_back(kGithubRandom);
  for (const bool json : {false, true}) {
    std::vector<std::string> args{dir_.string(), "-"};
    if (json) args.push_back("--json");
    const auto r = run(args, text);
    ASSERT_EQ(r.status, 0) << r.err;
    // The scan did find the planted values (masked) ...
    EXPECT_NE(r.out.find("***-**-4781"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("**** **** **** 1111"), std::string::npos);
    EXPECT_NE(r.out.find("a***@example.com"), std::string::npos);
    EXPECT_NE(r.out.find("github_token"), std::string::npos);
    EXPECT_NE(r.out.find("url_password"), std::string::npos);
    EXPECT_NE(r.out.find("field $.user.ssn"), std::string::npos);
    EXPECT_NE(r.out.find("row 1 column ssn"), std::string::npos);
    // ... and printed none of them raw.
    for (const auto& raw : planted) {
      EXPECT_EQ(r.out.find(raw), std::string::npos) << "raw value in output: " << raw;
      EXPECT_EQ(r.err.find(raw), std::string::npos) << "raw value in errors: " << raw;
    }
  }
}

TEST_F(classify_command, JsonLinesShape) {
  write("a.txt", "SSN 536-22-4781\n");
  const auto r = run({(dir_ / "a.txt").string(), "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  int findings = 0, summaries = 0;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line);
    if (j["kind"] == "finding") {
      ++findings;
      EXPECT_EQ(j["detector"], "us_ssn");
      EXPECT_EQ(j["masked"], "***-**-4781");
      EXPECT_EQ(j["value_hash"].get<std::string>().size(), 64u);
    } else {
      ++summaries;
      EXPECT_EQ(j["kind"], "summary");
      EXPECT_GT(j["score"].get<int>(), 0);
    }
  }
  EXPECT_EQ(findings, 1);
  EXPECT_EQ(summaries, 1);
}

TEST_F(classify_command, NoPatternCacheNeitherReadsNorWritesTheCache) {
  const fs::path cache = dir_ / "cache";
  const char* before = std::getenv("LEAKWATCH_CACHE_DIR");
  const std::string saved = before ? before : "";
  ::setenv("LEAKWATCH_CACHE_DIR", cache.c_str(), 1);
  const auto input = write("a.txt", planted_text()).string();
  const auto uncached = run({"--no-pattern-cache", input});
  const bool untouched = !fs::exists(cache);
  const auto cached = run({input});
  const bool filled = fs::exists(cache) && !fs::is_empty(cache);
  if (before) {
    ::setenv("LEAKWATCH_CACHE_DIR", saved.c_str(), 1);
  } else {
    ::unsetenv("LEAKWATCH_CACHE_DIR");
  }
  EXPECT_TRUE(untouched);
  EXPECT_TRUE(filled);
  EXPECT_EQ(uncached.status, cached.status);
  EXPECT_EQ(uncached.out, cached.out);
  EXPECT_NE(uncached.out.find("us_ssn"), std::string::npos);
}

TEST_F(classify_command, UnreadablePathIsNamedOthersStillProcessed) {
  write("ok.txt", "SSN 536-22-4781\n");
  const auto missing = (dir_ / "missing.txt").string();
  const auto r = run({missing, (dir_ / "ok.txt").string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(missing), std::string::npos);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  EXPECT_NE(r.out.find("us_ssn"), std::string::npos);
}

TEST_F(classify_command, BadRuleFileNamesFileAndLine) {
  const auto rules = write("bad.rules", "rule project_x\nfamily custom\nseverity extreme\n");
  write("a.txt", "hello");
  const auto r = run({(dir_ / "a.txt").string(), "--rules", rules.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(rules.string() + ":3"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST_F(classify_command, UserRuleFinds) {
  const auto rules = write("x.rules",
                           "rule project_bluebird\nfamily custom\nseverity high\n"
                           "pattern (?i)\\bproject bluebird\\b\nextract match\nmask none\n");
  write("a.txt", "status of Project Bluebird: on track");
  const auto r = run({(dir_ / "a.txt").string(), "--rules", rules.string()});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("project_bluebird"), std::string::npos) << r.out;
}

TEST_F(classify_command, UsageError) {
  const auto r = run({"--no-such-option"});
  EXPECT_EQ(r.status, 2);
  EXPECT_FALSE(r.err.empty());
}

TEST_F(classify_command, KeyFileCreatedPrivate) {
  write("a.txt", "nothing here");
  const auto r = run({(dir_ / "a.txt").string()});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto perms = fs::status(dir_ / "key").permissions();
  EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
  EXPECT_EQ(fs::file_size(dir_ / "key"), 32u);
}

TEST_F(classify_command, LargeFileStreamsAsText) {
  std::string big(3u << 20, 'x');
  const std::string value = " SSN 536-22-4781 ";
  big.replace(big.size() / 2, value.size(), value);
  write("big.log", big);
  const auto r = run({(dir_ / "big.log").string(), "--max-bytes", "1048576", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto expected = "offset " + std::to_string(big.size() / 2 + 5);
  EXPECT_NE(r.out.find(expected), std::string::npos) << r.out;
}

// Endless inputs end: --max-bytes cuts a device or standard input, and the record says where.
// (Before: `classify /dev/zero` and `classify - < /dev/zero` never ended.)
TEST_F(classify_command, DevZeroIsCutAtMaxBytes) {
  for (const auto& [args, shell] : {std::pair<std::string, std::string>{"/dev/zero", ""},
                                    std::pair<std::string, std::string>{"-", "< /dev/zero"}}) {
    const auto r = run_binary("--max-bytes 1048576 " + args, shell);
    ASSERT_EQ(r.status, 0) << args << ": " << r.err;
    EXPECT_NE(r.out.find(": 0 findings, score 0 (low), not fully inspected\n"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("   not inspected: offset 1048576: input cut, not read past here (cap "
                         "1048576 bytes, --max-bytes)\n"),
              std::string::npos)
        << r.out;
    const auto j = run_binary("--json --max-bytes 1048576 " + args, shell);
    ASSERT_EQ(j.status, 0) << j.err;
    const auto summary = nlohmann::json::parse(j.out);
    EXPECT_EQ(summary["complete"], false);
    ASSERT_EQ(summary["notes"].size(), 1u);
    EXPECT_EQ(summary["notes"][0]["reason"], "byte_cap");
    EXPECT_EQ(summary["notes"][0]["cap"], 1048576);
  }
}

// With the defaults (256 MiB, 30 s) /dev/zero ends too, one way or the other, and says so.
TEST_F(classify_command, DevZeroWithDefaultsEnds) {
  const auto r = run_binary("/dev/zero");
  ASSERT_NE(r.status, 124) << "still running after 60 s";
  EXPECT_TRUE(r.status == 0 || r.status == 2) << r.status << r.err;
  EXPECT_NE(r.out.find("not inspected: offset "), std::string::npos) << r.out;
}

// A FIFO that never closes, as a path and as standard input: the time budget holds while
// waiting for input; what arrived before is still classified; exit 2 with one line naming it.
TEST_F(classify_command, FifoThatNeverClosesEndsAtTheTimeBudget) {
  const auto fifo = open_fifo("SSN 536-22-4781\n");
  for (const auto& [args, shell, source] :
       {std::tuple<std::string, std::string, std::string>{"'" + fifo + "'", "", fifo},
        std::tuple<std::string, std::string, std::string>{"-", "< '" + fifo + "'", "-"}}) {
    const auto r = run_binary("--time-budget 1s " + args, shell);
    ASSERT_NE(r.status, 124) << "still running after 60 s";
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.out.find("***-**-4781"), std::string::npos) << r.out;
    const std::string line = "leakwatch classify: " + source +
                             ": offset 16: time budget reached, not inspected past here (cap "
                             "1000 ms, --time-budget)\n";
    EXPECT_EQ(r.err, line);
    // The data is consumed: put it back for the next round.
    const std::string again = "SSN 536-22-4781\n";
    ASSERT_TRUE(write_all(fifo_->get(), again.data(), again.size()));
  }
}

// The findings cap is a note too: a stream that stops there says so. (Before: silent.)
TEST_F(classify_command, FindingsCapIsNoted) {
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "SSN 536-22-4781\n";
  const auto r = run({"-", "--json"}, many);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out.substr(r.out.rfind("{\"complete\"")));
  EXPECT_EQ(summary["findings"], 10000);
  EXPECT_EQ(summary["complete"], false);
  ASSERT_EQ(summary["notes"].size(), 1u);
  EXPECT_EQ(summary["notes"][0]["reason"], "findings_cap");
  EXPECT_EQ(summary["notes"][0]["cap"], 10000);
}

TEST_F(classify_command, BadTimeBudgetIsAUsageError) {
  write("a.txt", "x");
  for (const char* bad : {"0", "soon", "-1s", "2d"}) {
    const auto r = run({std::string("--time-budget=") + bad, (dir_ / "a.txt").string()});
    EXPECT_EQ(r.status, 2) << bad;
    EXPECT_NE(r.err.find("--time-budget"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

// A value nested past the container depth cap is not silently "0 findings": the record says
// which container was not opened and the cap. (Before: no note.)
TEST_F(classify_command, PastTheDepthCapIsNoted) {
  std::string data = "SSN 536-22-4781\n";
  for (int i = 0; i < 12; ++i) data = gzip(data);
  const auto path = write("deep.gz", data).string();
  const auto r = run({path});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "== " + path +
                       ": 0 findings, score 0 (low), not fully inspected\n"
                       "   not inspected: gzip not opened: nested past the depth cap (cap 8 "
                       "levels)\n");
  const auto j = run({path, "--json"});
  ASSERT_EQ(j.status, 0) << j.err;
  const auto summary = nlohmann::json::parse(j.out);
  EXPECT_EQ(summary["complete"], false);
  ASSERT_EQ(summary["notes"].size(), 1u);
  EXPECT_EQ(summary["notes"][0]["reason"], "depth_cap");
  EXPECT_EQ(summary["notes"][0]["cap"], 8);
  // Within the cap the value is found and nothing is noted.
  std::string shallow = "SSN 536-22-4781\n";
  for (int i = 0; i < 3; ++i) shallow = gzip(shallow);
  const auto ok = run({write("shallow.gz", shallow).string(), "--json"});
  EXPECT_NE(ok.out.find("\"complete\":true"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("***-**-4781"), std::string::npos) << ok.out;
}

// A decompression bomb: one line, the path once, what and the cap. (Before:
// "bomb.gz: bomb.gz: : decompressed data over ... (ratio or size cap)".)
TEST_F(classify_command, BombIsOneCleanLine) {
  const auto path = write("bomb.gz", gzip(std::string(16u << 20, '\0'))).string();
  const auto r = run({path});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "leakwatch classify: " + path +
                       ": gzip data inflates past 200 times its compressed size (cap 200)\n");
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace lw::cli
