#include "api/rate_limit.h"

#include <gtest/gtest.h>

namespace lw::api {
namespace {

TEST(WindowCounter, BlocksPastTheLimitUntilTheWindowEnds) {
  WindowCounter c({3, 60'000, 100});
  EXPECT_EQ(c.hit("a", 1000), 0);
  EXPECT_EQ(c.hit("a", 1001), 0);
  EXPECT_EQ(c.blocked_for("a", 1002), 0);
  EXPECT_EQ(c.hit("a", 1002), 0);
  EXPECT_EQ(c.blocked_for("a", 1003), 60) << "three failures reached the limit";
  EXPECT_EQ(c.hit("a", 1003), 60);
  EXPECT_EQ(c.hit("a", 30'000), 31) << "the window started at 1000 and ends at 61000";
  EXPECT_EQ(c.blocked_for("b", 30'000), 0) << "other keys are counted apart";
  EXPECT_EQ(c.blocked_for("a", 61'000), 0) << "a new window starts afresh";
  EXPECT_EQ(c.hit("a", 61'000), 0);
}

TEST(WindowCounter, RetryAfterIsAtLeastOneSecond) {
  WindowCounter c({1, 1000, 10});
  EXPECT_EQ(c.hit("a", 0), 0);
  EXPECT_EQ(c.hit("a", 999), 1);
}

TEST(WindowCounter, KeysStayBoundedUnderAFloodOfAddresses) {
  WindowCounter c({2, 60'000, 100});
  for (int i = 0; i < 10'000; ++i) c.hit("10.0.0." + std::to_string(i), 5);
  EXPECT_LE(c.keys(), 101u);
  // The flood shares the overflow key, so it is limited as one.
  EXPECT_GT(c.hit("another", 6), 0);
  // Once the windows end, expired keys make room again.
  EXPECT_EQ(c.hit("fresh", 70'000), 0);
  EXPECT_LE(c.keys(), 101u);
}

}  // namespace
}  // namespace lw::api
