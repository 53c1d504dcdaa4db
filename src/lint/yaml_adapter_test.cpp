#include "lint/yaml_adapter.h"

#include <gtest/gtest.h>

#include <string>

#include "lint/json_adapter.h"

namespace lw::lint {
namespace {

TEST(YamlAdapter, KeepsLinesAndDottedKeys) {
  auto docs = parse_yaml("a: 1\nxpack:\n  security:\n    enabled: false\nnetwork.host: 0.0.0.0\n");
  ASSERT_TRUE(docs) << docs.error().describe();
  ASSERT_EQ(docs->size(), 1u);
  const Node& root = (*docs)[0];
  const Node* enabled = root.find_dotted("xpack.security.enabled");
  ASSERT_NE(enabled, nullptr);
  EXPECT_EQ(enabled->scalar, "false");
  EXPECT_EQ(enabled->line, 4u);
  const Node* host = root.find({"network", "host"});
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(host->line, 5u);
}

TEST(YamlAdapter, MultipleDocuments) {
  auto docs = parse_yaml("kind: A\n---\nkind: B\n---\n");
  ASSERT_TRUE(docs);
  ASSERT_GE(docs->size(), 2u);
  EXPECT_EQ(node_text((*docs)[1].get("kind")), "B");
  EXPECT_EQ((*docs)[1].get("kind")->line, 3u);
}

TEST(YamlAdapter, SyntaxErrorNamesTheLine) {
  auto docs = parse_yaml("a: 1\nb: [1, 2\nc: 3\n");
  ASSERT_FALSE(docs);
  EXPECT_EQ(docs.error().code, ErrorCode::parse_error);
  EXPECT_GE(line_of_error(docs.error()), 2u);
}

TEST(YamlAdapter, RefusesDeepFlowNesting) {
  const std::string deep = "a: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  auto docs = parse_yaml(deep);
  ASSERT_FALSE(docs);
  EXPECT_EQ(docs.error().code, ErrorCode::too_deep);
}

TEST(YamlAdapter, RefusesAliasExpansionBomb) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'h'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
    prev = c;
  }
  auto docs = parse_yaml(bomb);
  ASSERT_FALSE(docs);
  EXPECT_EQ(docs.error().code, ErrorCode::too_large);
}

TEST(YamlAdapter, RefusesAliasesThatRepeatLongScalars) {
  // 64 KiB scalar, referenced 1000 times: few nodes, 64 MB of text once expanded.
  std::string text = "a: &big " + std::string(64 * 1024, 'x') + "\nb: [";
  for (int i = 0; i < 1000; ++i) text += (i ? ", *big" : "*big");
  text += "]\n";
  auto docs = parse_yaml(text);
  ASSERT_FALSE(docs);
  EXPECT_EQ(docs.error().code, ErrorCode::too_large);
}

TEST(YamlAdapter, LoneCommaDoesNotLoopForever) {
  // Fuzzer finding: yaml-cpp 0.7 yields empty documents for ever on this input.
  auto docs = parse_yaml(",");
  ASSERT_FALSE(docs);
  EXPECT_EQ(docs.error().code, ErrorCode::too_large);
}

}  // namespace
}  // namespace lw::lint
