#include "core/ascii.h"

#include <gtest/gtest.h>

namespace lw {
namespace {

TEST(Ascii, CaseMapsOnlyAsciiLetters) {
  EXPECT_EQ(ascii_lower("Content-TYPE: X\xC3\x89z"), "content-type: x\xC3\x89z");
  EXPECT_EQ(ascii_upper("a1b@z[`{\xE9"), "A1B@Z[`{\xE9");
  EXPECT_EQ(ascii_lower(""), "");
  static_assert(ascii_lower('@') == '@' && ascii_lower('[') == '[' && ascii_upper('{') == '{');
}

TEST(Ascii, CaseInsensitiveComparisons) {
  EXPECT_TRUE(iequals("WWW-Authenticate", "www-authenticate"));
  EXPECT_FALSE(iequals("abc", "abcd"));
  EXPECT_FALSE(iequals("a\xC3", "A\xE3"));  // no folding beyond ASCII
  EXPECT_TRUE(istarts_with("TCP://0.0.0.0:2375", "tcp://"));
  EXPECT_FALSE(istarts_with("tc", "tcp://"));
  EXPECT_TRUE(icontains("server: Apache/2.4", "APACHE"));
  EXPECT_TRUE(icontains("anything", ""));
  EXPECT_TRUE(icontains("", ""));
  EXPECT_FALSE(icontains("", "a"));
  EXPECT_FALSE(icontains("xpack", "xpack.security"));
}

}  // namespace
}  // namespace lw
