#include "lint/nginx/nginx_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "lint/json_adapter.h"

namespace lw::lint {
namespace {

TEST(NginxParser, BuildsTheTree) {
  auto tree = parse_nginx(
      "# c\nhttp {\n  server {\n    listen 80;\n    location ~ \"/\\.git\" { deny all; }\n"
      "    set $a \"x;y\"; rewrite ^/${a}$ /b;\n  }\n}\n");
  ASSERT_TRUE(tree) << tree.error().describe();
  ASSERT_EQ(tree->size(), 1u);
  const NginxDirective& server = (*tree)[0].children[0];
  EXPECT_EQ(server.name, "server");
  EXPECT_EQ(server.line, 3u);
  const NginxDirective& location = server.children[1];
  EXPECT_EQ(location.name, "location");
  EXPECT_EQ(location.line, 5u);
  ASSERT_EQ(location.args.size(), 2u);
  EXPECT_EQ(location.args[1], "/\\.git");
  EXPECT_EQ(location.children[0].name, "deny");
  EXPECT_EQ(server.children[2].args[1], "x;y");
  EXPECT_EQ(server.children[3].args[0], "^/${a}$");
}

TEST(NginxParser, ErrorsNameTheLine) {
  const std::pair<const char*, std::size_t> cases[] = {
      {"a {\n b;\n", 3},    // unclosed block at the end
      {"a;\n}\n", 2},       // stray '}'
      {"a {\n b\n}\n", 3},  // missing ';' before '}'
      {"a \"open;\n", 1},   // unterminated quote
      {"a;\nb", 2},         // missing ';' at the end
  };
  for (const auto& [text, line] : cases) {
    auto tree = parse_nginx(text);
    ASSERT_FALSE(tree) << text;
    EXPECT_EQ(line_of_error(tree.error()), line) << text;
  }
}

TEST(NginxParser, RefusesDeepNesting) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "a {\n";
  auto tree = parse_nginx(deep);
  ASSERT_FALSE(tree);
  EXPECT_EQ(tree.error().code, ErrorCode::too_deep);
}

}  // namespace
}  // namespace lw::lint
