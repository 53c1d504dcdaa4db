#include "core/bytes.h"

#include <gtest/gtest.h>

namespace lw {

TEST(Printable, EscapesControlBytesAndCaps) {
  EXPECT_EQ(printable(std::string_view("a\r\n\x01", 4)), "a\\x0d\\x0a\\x01");
  EXPECT_EQ(printable("abcdef", 3), "abc...");
  EXPECT_EQ(printable("back\\slash"), "back\\x5cslash");
}

TEST(Bytes, ViewRoundTrip) {
  const std::string s = "RESP";
  EXPECT_EQ(as_text(as_bytes(s)), "RESP");
  EXPECT_EQ(as_bytes(s).size(), 4u);
}

}  // namespace lw
