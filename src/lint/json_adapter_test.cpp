#include "lint/json_adapter.h"

#include <gtest/gtest.h>

#include <string>

namespace lw::lint {
namespace {

TEST(JsonAdapter, KeepsLinesOfKeysAndValues) {
  auto root = parse_json("{\n  \"a\": 1,\n  \"b\": {\n    \"c\": [true,\n      \"x\"]\n  }\n}\n");
  ASSERT_TRUE(root) << root.error().describe();
  const Node* c = root->find({"b", "c"});
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(c->is_seq());
  ASSERT_EQ(c->items.size(), 2u);
  EXPECT_EQ(c->line, 4u);
  EXPECT_EQ(c->items[1].scalar, "x");
  EXPECT_EQ(c->items[1].line, 5u);
  EXPECT_EQ(root->get("a")->line, 2u);
  EXPECT_EQ(root->entries[1].line, 3u);
}

TEST(JsonAdapter, NumberBeforeNewlineKeepsItsLine) {
  auto root = parse_json("{\"a\": 12\n,\n\"b\": 3}");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->get("a")->line, 1u);
  EXPECT_EQ(root->get("b")->line, 3u);
}

TEST(JsonAdapter, AllowsComments) {
  auto root = parse_json("{\n // note\n \"a\": /* x */ \"b\"\n}");
  ASSERT_TRUE(root) << root.error().describe();
  EXPECT_EQ(node_text(root->get("a")), "b");
}

TEST(JsonAdapter, SyntaxErrorNamesTheLine) {
  auto root = parse_json("{\n  \"a\": 1,\n  \"b\": ,\n}");
  ASSERT_FALSE(root);
  EXPECT_EQ(root.error().code, ErrorCode::parse_error);
  EXPECT_EQ(line_of_error(root.error()), 3u);
}

TEST(JsonAdapter, TruncationAtEveryByteNeverCrashes) {
  const std::string text = R"({"a": [1, {"b": "c\u00e9"}, null, false], "d": -1.5e3})";
  for (std::size_t n = 0; n < text.size(); ++n) {
    auto root = parse_json(std::string_view(text).substr(0, n));
    EXPECT_FALSE(root) << n;
  }
  EXPECT_TRUE(parse_json(text));
}

TEST(JsonAdapter, RefusesDeepNesting) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto root = parse_json(deep);
  ASSERT_FALSE(root);
  EXPECT_EQ(root.error().code, ErrorCode::too_large);
}

}  // namespace
}  // namespace lw::lint
