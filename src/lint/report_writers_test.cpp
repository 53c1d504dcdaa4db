#include "lint/report_writers.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "lint/rule_catalog.h"
#include "lint/test_util.h"

namespace lw::lint {
namespace {

Report sample_report() {
  Report report = testing::lint_text("redis.conf", "bind 0.0.0.0\nprotected-mode no\n");
  report.diagnostics.push_back(Diagnostic{"broken/mongod.conf", 3, "YAML syntax error: x"});
  return report;
}

TEST(ReportText, GroupsByFileWithLines) {
  const std::string text = write_text(sample_report());
  EXPECT_EQ(text.rfind("redis.conf\n", 0), 0u) << text;
  EXPECT_NE(text.find("line 2  high  redis-protected-mode-off"), std::string::npos) << text;
  EXPECT_NE(text.find("fix: "), std::string::npos);
  EXPECT_NE(text.find("broken/mongod.conf:3: YAML syntax error"), std::string::npos);
  EXPECT_NE(text.find("1 could not be checked"), std::string::npos);
}

TEST(ReportJson, CarriesFindingsAndErrors) {
  const Report report = sample_report();
  const auto json = nlohmann::json::parse(write_json(report));
  ASSERT_EQ(json["findings"].size(), report.findings.size());
  EXPECT_EQ(json["findings"][0]["file"], "redis.conf");
  EXPECT_TRUE(json["findings"][0]["line"].is_number());
  EXPECT_EQ(json["errors"][0]["line"], 3);
  EXPECT_EQ(json["summary"]["files_checked"], 1);
}

TEST(ReportSarif, HasRulesResultsAndLevels) {
  const Report report = sample_report();
  const auto sarif = nlohmann::json::parse(write_sarif(report));
  EXPECT_EQ(sarif["version"], "2.1.0");
  const auto& run = sarif["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["rules"].size(), all_rules().size());
  ASSERT_EQ(run["results"].size(), report.findings.size());
  for (const auto& result : run["results"]) {
    const auto index = result["ruleIndex"].get<std::size_t>();
    EXPECT_EQ(run["tool"]["driver"]["rules"][index]["id"], result["ruleId"]);
    EXPECT_TRUE(result["level"] == "error" || result["level"] == "warning" ||
                result["level"] == "note");
    EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "redis.conf");
  }
  EXPECT_EQ(run["invocations"][0]["toolExecutionNotifications"][0]["locations"][0]
               ["physicalLocation"]["region"]["startLine"],
            3);
}

TEST(ReportSarif, EncodesPathsAsUris) {
  Report report;
  report.diagnostics.push_back(Diagnostic{"/tmp/a b/redis.conf", 0, "x"});
  const auto sarif = nlohmann::json::parse(write_sarif(report));
  EXPECT_EQ(sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["locations"][0]
                 ["physicalLocation"]["artifactLocation"]["uri"],
            "file:///tmp/a%20b/redis.conf");
}

}  // namespace
}  // namespace lw::lint
