// The command end to end: output shapes, exit statuses, and the redaction guarantee (no planted
// raw value appears anywhere in what a scan writes, table or JSON).
#include "cli/classify_command.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "classify/validators.h"

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

  fs::path dir_;
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

}  // namespace
}  // namespace lw::cli
