#include "cli/duration.h"

#include <gtest/gtest.h>

namespace lw::cli {

TEST(Duration, ParsesUnits) {
  EXPECT_EQ(parse_duration("250ms")->count(), 250);
  EXPECT_EQ(parse_duration("3s")->count(), 3000);
  EXPECT_EQ(parse_duration("1.5")->count(), 1500);
  EXPECT_EQ(parse_duration("2m")->count(), 120000);
  for (const char* bad : {"", "s", "-1s", "3h", "abc", "1e9", "nan", "nans", "nanms", "inf", "infs",
                          "-0s", "1e400"}) {
    auto r = parse_duration(bad);
    EXPECT_FALSE(r) << bad;
  }
}

}  // namespace lw::cli
