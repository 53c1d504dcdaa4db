#include "probes/redis/resp_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace lw::probes::resp {
namespace {

Value parse_ok(std::string_view in) {
  auto p = parse_one(in);
  EXPECT_TRUE(p) << (p ? "" : p.error().describe());
  if (!p) return {};
  EXPECT_EQ(p->status, Status::complete);
  EXPECT_EQ(p->consumed, in.size());
  return p->value;
}

}  // namespace

// Examples from the RESP specification
// (https://redis.io/docs/latest/develop/reference/protocol-spec/).
TEST(RespParser, Resp2Types) {
  EXPECT_EQ(parse_ok("+OK\r\n").str, "OK");
  auto err = parse_ok("-ERR unknown command 'asdf'\r\n");
  EXPECT_TRUE(err.is_error());
  EXPECT_EQ(parse_ok(":-42\r\n").integer, -42);
  EXPECT_EQ(parse_ok(":+7\r\n").integer, 7);
  EXPECT_EQ(parse_ok("$5\r\nhello\r\n").str, "hello");
  EXPECT_EQ(parse_ok("$0\r\n\r\n").str, "");
  EXPECT_EQ(parse_ok("$-1\r\n").type, Type::null);
  EXPECT_EQ(parse_ok("*-1\r\n").type, Type::null);
  auto arr = parse_ok("*2\r\n$5\r\nhello\r\n$5\r\nworld\r\n");
  ASSERT_EQ(arr.items.size(), 2u);
  EXPECT_EQ(arr.items[1].str, "world");
  auto nested = parse_ok("*2\r\n*3\r\n:1\r\n:2\r\n:3\r\n*2\r\n+Hello\r\n-World\r\n");
  ASSERT_EQ(nested.items.size(), 2u);
  EXPECT_EQ(nested.items[0].items[2].integer, 3);
  EXPECT_TRUE(nested.items[1].items[1].is_error());
}

TEST(RespParser, Resp3Types) {
  EXPECT_EQ(parse_ok("_\r\n").type, Type::null);
  EXPECT_EQ(parse_ok("#t\r\n").integer, 1);
  EXPECT_EQ(parse_ok(",1.23\r\n").str, "1.23");
  EXPECT_EQ(parse_ok("(3492890328409238509324850943850943825024385\r\n").type, Type::big_number);
  EXPECT_TRUE(parse_ok("!21\r\nSYNTAX invalid syntax\r\n").is_error());
  auto verbatim = parse_ok("=15\r\ntxt:Some string\r\n");
  EXPECT_EQ(verbatim.text(), "Some string");
  auto map = parse_ok("%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n");
  EXPECT_EQ(map.type, Type::map);
  ASSERT_EQ(map.items.size(), 4u);
  EXPECT_EQ(map.items[2].str, "second");
  EXPECT_EQ(parse_ok("~2\r\n+a\r\n+b\r\n").type, Type::set);
  EXPECT_EQ(parse_ok(">2\r\n+message\r\n+x\r\n").type, Type::push);
  // An attribute annotates the value after it; the value is what is returned.
  auto attr = parse_ok("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*1\r\n:2039123\r\n");
  EXPECT_EQ(attr.type, Type::array);
  EXPECT_EQ(attr.items[0].integer, 2039123);
}

TEST(RespParser, TruncationAtEveryByteIsNeedMore) {
  const std::string full =
      "*3\r\n$5\r\nhello\r\n%1\r\n+k\r\n*2\r\n:1\r\n,2.5\r\n=8\r\ntxt:abcd\r\n";
  ASSERT_EQ(parse_ok(full).items.size(), 3u);
  for (std::size_t n = 0; n < full.size(); ++n) {
    auto p = parse_one(std::string_view(full).substr(0, n));
    ASSERT_TRUE(p) << n << ": " << p.error().describe();
    EXPECT_EQ(p->status, Status::need_more) << n;
    auto s = skip_one(std::string_view(full).substr(0, n));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->status, Status::need_more) << n;
  }
}

TEST(RespParser, HostileLengthsAreBoundedErrors) {
  auto huge = parse_one("$999999999999\r\n");
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, ErrorCode::too_large);
  auto overflow = parse_one("$99999999999999999999999\r\n");
  ASSERT_FALSE(overflow);
  auto many = parse_one("*2000000000\r\n");
  ASSERT_FALSE(many);
  EXPECT_EQ(many.error().code, ErrorCode::too_large);
  auto map = parse_one("%9223372036854775807\r\n");
  ASSERT_FALSE(map);
  EXPECT_FALSE(parse_one("$-2\r\n"));
  EXPECT_FALSE(parse_one("*-5\r\n"));
  // A length that lies: the bytes after the declared length are not CRLF.
  EXPECT_FALSE(parse_one("$3\r\nhello\r\n"));
  Limits small;
  small.max_line = 16;
  auto line = parse_one("+" + std::string(100, 'a'), small);
  ASSERT_FALSE(line);
  EXPECT_EQ(line.error().code, ErrorCode::too_large);
}

TEST(RespParser, TotalElementsAreCappedAcrossNesting) {
  Limits l;
  l.max_elements = 10;
  l.max_total_elements = 12;
  std::string in = "*5\r\n";
  for (int i = 0; i < 5; ++i) in += "*3\r\n:1\r\n:2\r\n:3\r\n";
  auto p = parse_one(in, l);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::too_large);
}

TEST(RespParser, DeepNestingIsRefused) {
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "*1\r\n";
  deep += ":1\r\n";
  auto p = parse_one(deep);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::too_deep);
  std::string attrs;
  for (int i = 0; i < 10000; ++i) attrs += "|0\r\n";
  auto a = parse_one(attrs + "+x\r\n");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::too_deep);
}

TEST(RespParser, WrongProtocolIsAParseError) {
  for (const char* other : {"HTTP/1.1 400 Bad Request\r\n", "ERROR\r\n", "\x16\x03\x01", "#x\r\n",
                            "_oops\r\n", "$?\r\n"}) {
    EXPECT_FALSE(parse_one(other)) << other;
  }
}

TEST(RespParser, SequencesAndCounting) {
  const std::string in = "+OK\r\n:1\r\n$3\r\nabc\r\n$10\r\nabc";
  auto seq = parse_sequence(in, 10);
  ASSERT_TRUE(seq);
  EXPECT_EQ(seq->values.size(), 3u);
  EXPECT_TRUE(seq->truncated);
  EXPECT_EQ(*count_values(in, 10), 3u);
  EXPECT_EQ(*count_values(in, 2), 2u);
  EXPECT_FALSE(count_values("+OK\r\nGARBAGE", 10));
}

TEST(RespParser, CommandEncodingIsBinarySafe) {
  const std::string key("a\r\nFLUSHALL\r\n\0b", 15);
  const std::string cmd = command({"GET", key});
  auto v = parse_ok(cmd);
  ASSERT_EQ(v.items.size(), 2u);
  EXPECT_EQ(v.items[1].str, key);
}

}  // namespace lw::probes::resp
