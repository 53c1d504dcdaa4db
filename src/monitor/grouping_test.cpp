#include "monitor/grouping.h"

#include <gtest/gtest.h>

namespace lw::monitor {
namespace {

constexpr std::int64_t kT = 1'000'000;
const GroupTiming kTiming{std::chrono::seconds(5), std::chrono::seconds(30)};

PendingNotification pending(std::string id, std::string asset, std::string channel,
                            std::int64_t at) {
  return {std::move(id), std::move(asset), std::move(channel), at};
}

TEST(MonitorGrouping, OneAssetsAlertsWithinGroupWaitBecomeOneNotificationPerChannel) {
  const std::vector<PendingNotification> p{
      pending("a1", "lab", "hook", kT + 1000), pending("a2", "lab", "hook", kT),
      pending("a2", "lab", "mail", kT), pending("b1", "edge", "hook", kT + 4000)};
  // Before group_wait has passed for the oldest: nothing; the daemon sleeps until then.
  EXPECT_TRUE(ready_groups(p, {}, kTiming, kT + 4999).empty());
  EXPECT_EQ(next_group_time(p, {}, kTiming, kT + 4999), kT + 5000);
  const auto ready = ready_groups(p, {}, kTiming, kT + 5000);
  ASSERT_EQ(ready.size(), 2u);  // (lab, hook) and (lab, mail); edge waits till kT+9000
  EXPECT_EQ(ready[0].asset, "lab");
  EXPECT_EQ(ready[0].channel, "hook");
  EXPECT_EQ(ready[0].members, (std::vector<std::size_t>{1, 0}));  // oldest first
  EXPECT_EQ(ready[1].channel, "mail");
  EXPECT_EQ(next_group_time(p, {}, kTiming, kT + 5000), kT + 9000);
  EXPECT_EQ(ready_groups(p, {}, kTiming, kT + 9000).size(), 3u);
}

TEST(MonitorGrouping, AGroupSentBeforeWaitsGroupInterval) {
  const std::vector<PendingNotification> p{pending("a3", "lab", "hook", kT)};
  const std::vector<GroupSent> sent{{"lab", "hook", kT - 10'000}, {"lab", "mail", kT}};
  EXPECT_TRUE(ready_groups(p, sent, kTiming, kT + 5000).empty());
  EXPECT_EQ(next_group_time(p, sent, kTiming, kT + 5000), kT + 20'000);
  EXPECT_EQ(ready_groups(p, sent, kTiming, kT + 20'000).size(), 1u);
  EXPECT_FALSE(next_group_time(p, sent, kTiming, kT + 20'000));
  EXPECT_FALSE(next_group_time({}, sent, kTiming, kT));
}

TEST(MonitorGrouping, AGroupIsCapped) {
  std::vector<PendingNotification> p;
  for (std::size_t i = 0; i < kMaxGroupMembers + 7; ++i) {
    p.push_back(pending("x" + std::to_string(i), "lab", "hook", kT + static_cast<int>(i)));
  }
  const auto ready = ready_groups(p, {}, kTiming, kT + 60'000);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].members.size(), kMaxGroupMembers);
  EXPECT_EQ(ready[0].members.front(), 0u);
  EXPECT_EQ(ready[0].members.back(), kMaxGroupMembers - 1);
}

}  // namespace
}  // namespace lw::monitor
