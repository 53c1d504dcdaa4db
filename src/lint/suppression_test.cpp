#include "lint/suppression.h"

#include <gtest/gtest.h>

#include "lint/test_util.h"

namespace lw::lint {
namespace {

using testing::findings_of;
using testing::lint_text;

constexpr const char* kOpenRedis = "bind 0.0.0.0\nprotected-mode no\n";

TEST(Suppression, ParsesIdsAndReason) {
  const auto s =
      find_suppressions("x\n# leakwatch:ignore redis-bind-all,redis-no-auth reason: lab only\n");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].line, 2u);
  ASSERT_EQ(s[0].rule_ids.size(), 2u);
  EXPECT_EQ(s[0].rule_ids[1], "redis-no-auth");
  EXPECT_EQ(s[0].reason, "lab only");
  EXPECT_FALSE(s[0].whole_file);
}

TEST(Suppression, CommentAboveSuppressesWithReason) {
  const auto before = lint_text("redis.conf", kOpenRedis);
  ASSERT_EQ(findings_of(before, "redis-protected-mode-off").size(), 1u);
  const auto after = lint_text("redis.conf",
                               "bind 0.0.0.0\n# leakwatch:ignore redis-protected-mode-off reason: "
                               "lab only\nprotected-mode no\n");
  EXPECT_TRUE(findings_of(after, "redis-protected-mode-off").empty());
  EXPECT_FALSE(findings_of(after, "redis-no-auth").empty()) << "other rules still apply";
  EXPECT_TRUE(findings_of(after, "lint-suppression-without-reason").empty());
}

TEST(Suppression, WithoutReasonSuppressesNothingAndIsReported) {
  const auto report =
      lint_text("redis.conf",
                "bind 0.0.0.0\n# leakwatch:ignore redis-protected-mode-off\nprotected-mode no\n");
  EXPECT_EQ(findings_of(report, "redis-protected-mode-off").size(), 1u);
  const auto missing = findings_of(report, "lint-suppression-without-reason");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].line, 2u);
}

TEST(Suppression, UnknownRuleIsReported) {
  const auto report =
      lint_text("redis.conf", "bind 127.0.0.1\n# leakwatch:ignore redis-typo reason: x\n");
  const auto unknown = findings_of(report, "lint-suppression-unknown-rule");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_NE(unknown[0].message.find("redis-typo"), std::string::npos);
}

TEST(Suppression, WholeFile) {
  const auto report = lint_text(
      "redis.conf", "# leakwatch:ignore-file redis-bind-all reason: behind a private VPC\n" +
                        std::string(kOpenRedis));
  EXPECT_TRUE(findings_of(report, "redis-bind-all").empty());
  EXPECT_FALSE(findings_of(report, "redis-protected-mode-off").empty());
}

TEST(Suppression, FarAwayCommentDoesNotApply) {
  const auto report = lint_text("redis.conf",
                                "# leakwatch:ignore redis-protected-mode-off reason: x\n\n\n"
                                "bind 0.0.0.0\nprotected-mode no\n");
  EXPECT_EQ(findings_of(report, "redis-protected-mode-off").size(), 1u);
}

}  // namespace
}  // namespace lw::lint
