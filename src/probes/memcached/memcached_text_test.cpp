#include "probes/memcached/memcached_text.h"

#include <gtest/gtest.h>

namespace lw::probes::memcached {

// Reply shapes from memcached's doc/protocol.txt.
TEST(MemcachedText, BlocksStatsValuesAndErrors) {
  const std::string in =
      "STAT pid 1\r\nSTAT version 1.6.18\r\nEND\r\n"
      "VALUE k 5 3\r\na\r\n\r\nVALUE k2 0 0 77\r\n\r\nEND\r\n"
      "CLIENT_ERROR unauthenticated\r\n";
  auto b = parse_blocks(in, 10);
  ASSERT_TRUE(b) << b.error().describe();
  ASSERT_EQ(b->blocks.size(), 3u);
  EXPECT_EQ(stat_pairs(b->blocks[0])[1].second, "1.6.18");
  ASSERT_EQ(b->blocks[1].values.size(), 2u);
  EXPECT_EQ(b->blocks[1].values[0].data, "a\r\n");  // data may hold CRLF: length decides
  EXPECT_EQ(b->blocks[1].values[0].flags, 5u);
  EXPECT_EQ(b->blocks[2].terminator, "CLIENT_ERROR unauthenticated");
  EXPECT_EQ(b->consumed, in.size());
  for (std::size_t n = 0; n < in.size(); ++n) {
    auto c = count_blocks(std::string_view(in).substr(0, n), 3);
    ASSERT_TRUE(c) << n;
    EXPECT_LT(*c, 3u) << n;
  }
}

TEST(MemcachedText, HostileRepliesAreBoundedErrors) {
  auto huge = parse_blocks("VALUE k 0 99999999999\r\n", 1);
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, ErrorCode::too_large);
  EXPECT_FALSE(parse_blocks("VALUE k 0 -1\r\n", 1));
  EXPECT_FALSE(parse_blocks("VALUE k x 1\r\n", 1));
  EXPECT_FALSE(parse_blocks("VALUE k 0 2\r\nabcd\r\nEND\r\n", 1));  // a length that lies
  Limits l;
  l.max_line = 10;
  EXPECT_FALSE(parse_blocks(std::string(100, 'x'), 1, l));
  l = Limits{};
  l.max_lines = 5;
  std::string many;
  for (int i = 0; i < 10; ++i) many += "STAT a b\r\n";
  EXPECT_FALSE(parse_blocks(many + "END\r\n", 1, l));
}

TEST(MemcachedText, KeyLines) {
  KeyEntry e;
  ASSERT_TRUE(parse_cachedump_line("ITEM card:1001 [19 b; 0 s]", e));
  EXPECT_EQ(e.key, "card:1001");
  EXPECT_EQ(e.size, 19u);
  EXPECT_FALSE(parse_cachedump_line("ITEM [19 b; 0 s]", e));
  EXPECT_FALSE(parse_cachedump_line("ITEM k [x b; 0 s]", e));
  ASSERT_TRUE(parse_metadump_line(
      "key=customer%3A1001%20x exp=-1 la=1795306619 cas=1 fetch=no cls=1 size=88", e));
  EXPECT_EQ(e.key, "customer:1001 x");
  EXPECT_EQ(e.size, 88u);
  EXPECT_FALSE(parse_metadump_line("key=abc exp=-1", e));  // no size
  EXPECT_TRUE(parse_metadump_line("key=%zz%4 size=1", e));
  EXPECT_EQ(e.key, "%zz%4");
}

TEST(MemcachedText, OnlySafeKeysAreSentBack) {
  EXPECT_TRUE(is_safe_key("customer:1001"));
  EXPECT_FALSE(is_safe_key(""));
  EXPECT_FALSE(is_safe_key("a b"));
  EXPECT_FALSE(is_safe_key("a\r\nflush_all"));
  EXPECT_FALSE(is_safe_key(std::string(251, 'a')));
  EXPECT_FALSE(is_safe_key("caf\xc3\xa9"));
}

}  // namespace lw::probes::memcached
