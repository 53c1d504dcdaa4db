#include "notify/retry.h"

#include <gtest/gtest.h>

namespace lw::notify {
namespace {

using std::chrono::seconds;

// Sun, 06 Nov 1994 08:49:37 GMT, the example date of RFC 9110 5.6.7.
constexpr std::int64_t kRfcExample = 784111777;

TEST(RetryAfter, DelaySeconds) {
  EXPECT_EQ(parse_retry_after("120", 0), seconds(120));
  EXPECT_EQ(parse_retry_after(" 7 ", 0), seconds(7));
  EXPECT_EQ(parse_retry_after("0", 0), seconds(0));
  EXPECT_EQ(parse_retry_after("99999999999999999999999", 0), kMaxRetryAfter);
  EXPECT_EQ(parse_retry_after("-1", 0), std::nullopt);
  EXPECT_EQ(parse_retry_after("12a", 0), std::nullopt);
  EXPECT_EQ(parse_retry_after("", 0), std::nullopt);
  EXPECT_EQ(parse_retry_after(std::string(65, '1'), 0), std::nullopt);
}

TEST(RetryAfter, AllThreeHttpDateForms) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kRfcExample - 90), seconds(90));
  EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", kRfcExample - 90), seconds(90));
  EXPECT_EQ(parse_retry_after("Sun Nov  6 08:49:37 1994", kRfcExample - 90), seconds(90));
  // A date in the past means "now".
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kRfcExample + 5), seconds(0));
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 0), kMaxRetryAfter);
}

TEST(RetryAfter, MalformedDatesAreRefused) {
  for (const char* bad : {"Sun, 06 Nov 1994 08:49:37", "Sun, 32 Nov 1994 08:49:37 GMT",
                          "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT",
                          "Sun, 06 Nov 1994 08:49:37 GMT extra", "soon", "Sun,"}) {
    EXPECT_EQ(parse_retry_after(bad, kRfcExample), std::nullopt) << bad;
  }
}

TEST(Backoff, HonoursRetryAfterWithinBounds) {
  EXPECT_EQ(next_attempt_delay(3, seconds(7), 1), seconds(7));
  EXPECT_EQ(next_attempt_delay(3, seconds(0), 1), seconds(1));
  EXPECT_EQ(next_attempt_delay(3, seconds(999999), 1), kMaxRetryAfter);
}

TEST(Backoff, DoublesWithJitterUpToTheCap) {
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    for (int tries = 1; tries <= kDeadLetterTries + 5; ++tries) {
      const auto d = next_attempt_delay(tries, std::nullopt, seed);
      auto full = kFirstRetryDelay * (std::int64_t{1} << std::min(tries - 1, 20));
      if (full > kMaxRetryDelay) full = kMaxRetryDelay;
      EXPECT_GE(d, full / 2) << tries;
      EXPECT_LE(d, full) << tries;
    }
  }
  // The jitter spreads senders: different seeds give different delays.
  EXPECT_NE(next_attempt_delay(4, std::nullopt, 1), next_attempt_delay(4, std::nullopt, 2));
  EXPECT_EQ(next_attempt_delay(4, std::nullopt, 9), next_attempt_delay(4, std::nullopt, 9));
}

TEST(Backoff, DeadLetterAfterTheDocumentedTries) {
  EXPECT_FALSE(is_dead_letter(kDeadLetterTries - 1));
  EXPECT_TRUE(is_dead_letter(kDeadLetterTries));
  EXPECT_EQ(kDeadLetterTries, 12);
  // docs/notifications.md: without Retry-After, the 11 waits before the dead letter add up to
  // 2.5 to 5 hours (18210 s at full delay, half of it at the least jitter).
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    std::chrono::milliseconds total{0};
    for (int tries = 1; tries < kDeadLetterTries; ++tries) {
      total += next_attempt_delay(tries, std::nullopt, seed * 100 + static_cast<unsigned>(tries));
    }
    EXPECT_GE(total, std::chrono::milliseconds(9105 * 1000));
    EXPECT_LE(total, std::chrono::milliseconds(18210 * 1000));
  }
}

}  // namespace
}  // namespace lw::notify
