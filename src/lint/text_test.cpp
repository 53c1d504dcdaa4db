#include "lint/text.h"

#include <gtest/gtest.h>

namespace lw::lint {
namespace {

TEST(Text, Trim) {
  EXPECT_EQ(trim("  a b \r\n"), "a b");
  EXPECT_EQ(trim(""), "");
}

TEST(Text, SplitsLinesWithCrlfAndNoFinalNewline) {
  const auto lines = split_lines("a\r\nb\n\nc");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "a");
  EXPECT_EQ(lines[2], "");
  EXPECT_EQ(lines[3], "c");
  EXPECT_EQ(line_of_offset("a\nb\nc", 4), 3u);
  EXPECT_EQ(line_of_offset("a", 100), 1u);
}

TEST(Text, TruthyAndFalsy) {
  EXPECT_TRUE(is_truthy("YES"));
  EXPECT_TRUE(is_truthy("'on'"));
  EXPECT_TRUE(is_falsy(" false "));
  EXPECT_FALSE(is_truthy("enabled"));
  EXPECT_FALSE(is_falsy("yes"));
}

TEST(Text, SplitTrimDropsEmptyPieces) {
  const auto parts = split_trim(" a, ,b ,", ',');
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], "a");
  EXPECT_EQ(parts[1], "b");
}

}  // namespace
}  // namespace lw::lint
