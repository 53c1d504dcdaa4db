// `leakwatch config check` through the built binary: the documented example is valid, and a bad
// config is one line on stderr naming file, line, column and key, with exit 2. No network: the
// configs below name addresses only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/shell_run.h"

namespace lw::cli {
namespace {

class ConfigCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/lw-config-check-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  testing::ShellRun run(const std::string& args, const std::string& env = "") {
    return testing::run_shell(
        env + " " + std::string(LW_BINARY_DIR) + "/leakwatch config " + args + " </dev/null",
        dir_ + "/stderr.txt");
  }
  std::string write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  std::string dir_;
};

void expect_one_line_refusal(const testing::ShellRun& r, const std::string& text) {
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(text), std::string::npos) << r.err;
}

TEST_F(ConfigCheck, TheDocumentedExampleIsValid) {
  const std::string example = std::string(LW_SOURCE_DIR) + "/docs/leakwatch.example.yaml";
  // The example takes its secrets from these variables (never inline).
  const auto r =
      run("check '" + example + "'",
          "LEAKWATCH_WEBHOOK_KEY=k1 LEAKWATCH_PAGERDUTY_KEY=k2 LEAKWATCH_SMTP_PASSWORD=k3");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, example + ": valid: 2 assets, 8 rules, 4 channels\n");
  EXPECT_TRUE(r.err.empty()) << r.err;
  // Without the secrets it names the variable that is missing, never a value.
  const auto missing = run("check '" + example + "'", "env -u LEAKWATCH_WEBHOOK_KEY");
  expect_one_line_refusal(missing, "'LEAKWATCH_WEBHOOK_KEY' is not set");
}

TEST_F(ConfigCheck, ABadValueNamesFileLineColumnAndKey) {
  const auto path = write("bad.yaml",
                          "assets:\n"
                          "  - name: lab\n"
                          "    targets: [127.0.0.0/24]\n"
                          "    ports: [6379, 70000]\n");
  expect_one_line_refusal(run("check '" + path + "'"),
                          "leakwatch config check: " + path +
                              ":4:19: assets[0].ports[1]: 70000 is not a port (1-65535)");
}

TEST_F(ConfigCheck, AnUnknownKeyGetsASuggestion) {
  const auto path = write("typo.yaml",
                          "asets:\n"
                          "  - {name: lab, targets: [127.0.0.1]}\n");
  expect_one_line_refusal(run("check '" + path + "'"),
                          path + ":1:1: asets: unknown key (did you mean 'assets'?)");
}

TEST_F(ConfigCheck, AnInlineSecretIsRefusedWithoutEchoingIt) {
  const auto path = write("secret.yaml",
                          "assets: [{name: lab, targets: [127.0.0.1]}]\n"
                          "channels:\n"
                          "  - {name: hook, kind: webhook, url: 'http://127.0.0.1:9/', "
                          "secret: s3cr3t-value}\n");
  const auto r = run("check '" + path + "'");
  expect_one_line_refusal(r, "channels[0].secret: secrets are not written in the config");
  EXPECT_EQ(r.err.find("s3cr3t-value"), std::string::npos) << r.err;
}

TEST_F(ConfigCheck, MissingFileAndBadUsageAreExit2) {
  expect_one_line_refusal(run("check '" + dir_ + "/none.yaml'"),
                          dir_ + "/none.yaml: cannot read the config: No such file or directory");
  expect_one_line_refusal(run("check '" + dir_ + "'"), "not a regular file");
  EXPECT_EQ(run("").status, 2);
  EXPECT_EQ(run("check").status, 2);
  EXPECT_EQ(run("verify x.yaml").status, 2);
  const auto help = run("check --help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("FILE"), std::string::npos) << help.out;
}

}  // namespace
}  // namespace lw::cli
