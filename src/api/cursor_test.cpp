#include "api/cursor.h"

#include <gtest/gtest.h>

namespace lw::api {
namespace {

TEST(Cursor, RoundTrips) {
  for (std::int64_t pos : {0LL, 1LL, 49LL, 123456789LL, 999'999'999'999'999'999LL}) {
    Cursor c{scope_of("search\nport:6379\n"), pos};
    const auto text = encode_cursor(c);
    EXPECT_LE(text.size(), kMaxCursorChars);
    auto back = decode_cursor(text);
    ASSERT_TRUE(back) << back.error().describe();
    EXPECT_EQ(back->scope, c.scope);
    EXPECT_EQ(back->position, pos);
    EXPECT_EQ(cursor_position(text, c.scope), pos);
  }
}

TEST(Cursor, AnotherRequestsCursorIsRefused) {
  const auto text = encode_cursor({scope_of("search\na\n"), 50});
  auto r = cursor_position(text, scope_of("search\nb\n"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("another request"), std::string::npos);
}

TEST(Cursor, RefusesWhatItDidNotMake) {
  const auto good = encode_cursor({42, 7});
  for (std::string bad : {std::string(), std::string("!!!!"), std::string(65, 'A'),
                          good.substr(0, good.size() - 2), std::string("YWJj"), good + "*"}) {
    auto r = decode_cursor(bad);
    EXPECT_FALSE(r) << "accepted '" << bad << "'";
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
    }
  }
  auto where = decode_cursor("ab$c");
  ASSERT_FALSE(where);
  EXPECT_EQ(where.error().where, "byte 2");
}

TEST(Cursor, NegativeAndOverflowingPositionsAreRefused) {
  // "c1.2a.-5" and a position past int64, encoded by hand.
  auto enc = [](std::string plain) {
    static constexpr char kA[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : plain) {
      acc = (acc << 8) | static_cast<unsigned char>(c);
      bits += 8;
      while (bits >= 6) {
        bits -= 6;
        out += kA[(acc >> bits) & 0x3F];
      }
    }
    if (bits > 0) out += kA[(acc << (6 - bits)) & 0x3F];
    return out;
  };
  EXPECT_TRUE(decode_cursor(enc("c1.2a.5")));
  EXPECT_FALSE(decode_cursor(enc("c1.2a.-5")));
  EXPECT_FALSE(decode_cursor(enc("c1.2a.99999999999999999999")));
  EXPECT_FALSE(decode_cursor(enc("c2.2a.5")));
  EXPECT_FALSE(decode_cursor(enc("c1..5")));
  EXPECT_FALSE(decode_cursor(enc("c1.zz.5")));
}

}  // namespace
}  // namespace lw::api
