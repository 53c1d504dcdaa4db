#include "api/overview.h"

#include <gtest/gtest.h>

namespace lw::api {
namespace {

constexpr std::int64_t kHour = 3'600'000;

catalog::IncidentRow incident(std::string state, std::string severity, std::int64_t since,
                              std::optional<std::int64_t> remediated = {},
                              std::optional<std::int64_t> closed = {}) {
  catalog::IncidentRow r;
  r.state = std::move(state);
  r.severity = std::move(severity);
  r.opened_ms = since + 1000;
  r.exposed_since_ms = since;
  r.remediated_ms = remediated;
  r.closed_ms = closed;
  r.last_event_ms = closed.value_or(remediated.value_or(since));
  return r;
}

TEST(OverviewTest, BucketWidthKeepsAtMost96Buckets) {
  EXPECT_EQ(bucket_seconds_for(86'400), 900);
  EXPECT_EQ(bucket_seconds_for(7 * 86'400), 7200);
  EXPECT_EQ(bucket_seconds_for(90 * 86'400), 86'400);
  EXPECT_EQ(bucket_seconds_for(60), 300);
  for (std::int64_t days : {1, 2, 7, 30, 90, 365}) {
    const auto width = bucket_seconds_for(days * 86'400);
    EXPECT_LE((days * 86'400 + width - 1) / width, 96) << days;
  }
}

TEST(OverviewTest, SeverityWithoutANameCountsAsNone) {
  EXPECT_EQ(kSeverities[severity_index("high")], "high");
  EXPECT_EQ(kSeverities[severity_index("")], "none");
  EXPECT_EQ(kSeverities[severity_index("bogus")], "none");
}

TEST(OverviewTest, AnExposureCountsInEveryBucketItOverlaps) {
  const std::int64_t from = 100 * kHour, to = from + 10 * kHour;
  std::vector<catalog::IncidentRow> rows{
      // Open through the whole window, from before it.
      incident("open", "critical", from - 5 * kHour),
      // Remediated: hours 2 and 3 only.
      incident("remediated", "high", from + 2 * kHour + 10, from + 3 * kHour + 5),
      // Ended before the window: not counted.
      incident("remediated", "low", from - 3 * kHour, from - 2 * kHour),
      // Closed by hand without a remediation: ends at the close, inside hour 8.
      incident("closed", "", from + 7 * kHour, std::nullopt, from + 8 * kHour + 1),
      // Began after the window: not counted.
      incident("acknowledged", "medium", to + 1),
  };
  const auto counts = open_over_time(rows, from, to, kHour);
  ASSERT_EQ(counts.size(), 10u);
  const auto critical = severity_index("critical"), high = severity_index("high"),
             none = severity_index("none"), low = severity_index("low"),
             medium = severity_index("medium");
  for (std::size_t b = 0; b < counts.size(); ++b) {
    EXPECT_EQ(counts[b][critical], 1) << b;
    EXPECT_EQ(counts[b][high], (b == 2 || b == 3) ? 1 : 0) << b;
    EXPECT_EQ(counts[b][none], (b == 7 || b == 8) ? 1 : 0) << b;
    EXPECT_EQ(counts[b][low], 0) << b;
    EXPECT_EQ(counts[b][medium], 0) << b;
  }
}

TEST(OverviewTest, AnEmptyOrBackwardWindowHasNoBuckets) {
  EXPECT_TRUE(open_over_time({incident("open", "high", 0)}, 10, 10, kHour).empty());
  EXPECT_TRUE(open_over_time({incident("open", "high", 0)}, 10, 5, kHour).empty());
  EXPECT_TRUE(open_over_time({incident("open", "high", 0)}, 0, 10, 0).empty());
}

TEST(OverviewTest, MeansAreWeightedByEachAssetsCounts) {
  catalog::AssetMetrics a{"a", 3, 1, 10'000, 60'000, 0};
  catalog::AssetMetrics b{"b", 1, 0, 50'000, 0, 0};
  const auto m = overall_means({a, b});
  ASSERT_TRUE(m.mttd_s);
  EXPECT_DOUBLE_EQ(*m.mttd_s, (3 * 10.0 + 1 * 50.0) / 4);
  ASSERT_TRUE(m.mttr_s);
  EXPECT_DOUBLE_EQ(*m.mttr_s, 60.0);
  const auto none = overall_means({});
  EXPECT_FALSE(none.mttd_s);
  EXPECT_FALSE(none.mttr_s);
}

}  // namespace
}  // namespace lw::api
