#include "lint/conf/kv_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "lint/json_adapter.h"

namespace lw::lint {
namespace {

TEST(KvParser, SpaceSeparatedWithQuotes) {
  auto entries = parse_kv("# c\nbind 127.0.0.1 -::1\nrequirepass \"a b\\\"c\"\n", KvSyntax{});
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].args.size(), 2u);
  EXPECT_EQ((*entries)[1].args[0], "a b\"c");
  EXPECT_EQ((*entries)[1].line, 3u);
}

TEST(KvParser, EqualsOptionalAndInlineComments) {
  KvSyntax syntax;
  syntax.equals_optional = true;
  syntax.inline_comments = true;
  auto entries = parse_kv("listen_addresses = '*'   # all\nport 5432\nssl=on\n", syntax);
  ASSERT_TRUE(entries) << entries.error().describe();
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].key, "listen_addresses");
  EXPECT_EQ((*entries)[0].value, "*");
  EXPECT_EQ((*entries)[1].value, "5432");
  EXPECT_EQ((*entries)[2].value, "on");
}

TEST(KvParser, IniSections) {
  KvSyntax syntax;
  syntax.equals = true;
  syntax.ini_sections = true;
  auto entries = parse_kv("[client]\nport=3306\n[mysqld]\nskip-grant-tables\n", syntax);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[1].section, "mysqld");
  EXPECT_EQ((*entries)[1].key, "skip-grant-tables");
  EXPECT_FALSE(parse_kv("[mysqld\n", syntax));
}

TEST(KvParser, BraceSections) {
  KvSyntax syntax;
  syntax.equals = true;
  syntax.brace_sections = true;
  auto entries = parse_kv("ssl = yes\nprotocol imap {\n  mail_plugins = x\n}\n", syntax);
  ASSERT_TRUE(entries);
  EXPECT_EQ((*entries)[1].section, "protocol imap");
  auto unbalanced = parse_kv("a {\nb = c\n", syntax);
  ASSERT_FALSE(unbalanced);
  EXPECT_EQ(line_of_error(unbalanced.error()), 2u);
  EXPECT_FALSE(parse_kv("}\n", syntax));
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "b {\n";
  EXPECT_FALSE(parse_kv(deep, syntax));
}

TEST(KvParser, UnterminatedQuoteNamesTheLine) {
  auto entries = parse_kv("a 1\nb \"open\n", KvSyntax{});
  ASSERT_FALSE(entries);
  EXPECT_EQ(line_of_error(entries.error()), 2u);
}

TEST(KvParser, LastEntryWins) {
  auto entries = parse_kv("bind 0.0.0.0\nBIND 127.0.0.1\n", KvSyntax{});
  ASSERT_TRUE(entries);
  EXPECT_EQ(last_entry(*entries, "bind")->value, "127.0.0.1");
  EXPECT_EQ(last_entry(*entries, "missing"), nullptr);
}

}  // namespace
}  // namespace lw::lint
