#include "monitor/scheduler.h"

#include <gtest/gtest.h>

namespace lw::monitor {
namespace {

constexpr std::int64_t kNow = 10'000'000'000;
constexpr std::int64_t kMin = 60'000;

std::vector<Asset> assets() {
  Asset lab;
  lab.name = "lab";
  lab.targets = {"127.0.0.0/24"};
  lab.cadence = std::chrono::hours(1);
  Asset edge;
  edge.name = "edge";
  edge.targets = {"127.0.1.0/24"};
  edge.ports = {6379};
  edge.cadence = std::chrono::minutes(10);
  edge.rate = 100;
  return {lab, edge};
}

struct Case {
  std::vector<Asset> a = assets();
  Scheduling s;
  std::vector<SweepState> sweeps;
  std::vector<WatchedService> services;
  std::vector<ManualRescan> manual;
  std::int64_t now = kNow;

  Plan plan() { return plan_scans({a, &s, sweeps, services, manual, now}); }
};

std::vector<std::string> kinds_and_assets(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& s : p.scans) {
    const char* k = s.kind == ScanKind::manual   ? "manual"
                    : s.kind == ScanKind::rescan ? "rescan"
                                                 : "sweep";
    out.push_back(std::string(k) + ":" + s.asset + ":" + s.targets.front());
  }
  return out;
}

TEST(MonitorScheduler, NeverSweptAssetsAreSweptAtOnceSplittingTheRate) {
  Case c;
  c.s.global_rate = 1000;
  const auto p = c.plan();
  EXPECT_EQ(kinds_and_assets(p),
            (std::vector<std::string>{"sweep:lab:127.0.0.0/24", "sweep:edge:127.0.1.0/24"}));
  // edge is capped at its own 100/s; lab takes what is left of the global budget.
  EXPECT_DOUBLE_EQ(p.scans[1].rate, 100);
  EXPECT_DOUBLE_EQ(p.scans[0].rate, 900);
  EXPECT_EQ(p.scans[1].ports, (std::vector<std::uint16_t>{6379}));
  EXPECT_FALSE(p.next_due_ms);
}

TEST(MonitorScheduler, RestartWithRestoredStateDoesNotSweepFromZero) {
  Case c;
  // Both swept recently (state read back from the catalog after a restart).
  c.sweeps = {{"lab", kNow - 20 * kMin, false}, {"edge", kNow - 3 * kMin, false}};
  auto p = c.plan();
  EXPECT_TRUE(p.scans.empty());
  EXPECT_EQ(p.next_due_ms, kNow + 7 * kMin);  // edge: started 3 min ago, cadence 10 min
  // Within the cadence of the last finished sweep's start: due exactly then, not later.
  c.now = kNow + 7 * kMin;
  p = c.plan();
  EXPECT_EQ(kinds_and_assets(p), (std::vector<std::string>{"sweep:edge:127.0.1.0/24"}));
  EXPECT_EQ(p.next_due_ms, kNow + 40 * kMin);  // lab
}

TEST(MonitorScheduler, ARunningSweepIsNotStartedTwiceAndCountsAgainstMaxSweeps) {
  Case c;
  c.s.max_sweeps = 1;
  c.s.global_rate = 1000;
  c.sweeps = {{"lab", std::nullopt, true}};
  auto p = c.plan();
  EXPECT_TRUE(p.scans.empty());  // edge waits for the one sweep slot
  c.s.max_sweeps = 2;
  p = c.plan();
  ASSERT_EQ(kinds_and_assets(p), (std::vector<std::string>{"sweep:edge:127.0.1.0/24"}));
  EXPECT_DOUBLE_EQ(p.scans[0].rate, 100);  // its cap; the running lab sweep keeps the rest
  // Most overdue first when slots are short.
  c.sweeps = {{"lab", kNow - 5 * 3'600'000, false}, {"edge", kNow - 11 * kMin, false}};
  c.s.max_sweeps = 1;
  EXPECT_EQ(kinds_and_assets(c.plan()), (std::vector<std::string>{"sweep:lab:127.0.0.0/24"}));
}

TEST(MonitorScheduler, OpenAndChangedServicesAreRescannedOftenManualFirst) {
  Case c;
  c.s.global_rate = 300;
  c.s.open_rescan = std::chrono::seconds(30);
  c.s.changed_rescan = std::chrono::seconds(60);
  c.sweeps = {{"lab", kNow - kMin, false}, {"edge", kNow - kMin, false}};
  c.services = {
      {"lab", "127.0.0.5", 6379, true, std::nullopt, kNow - 31'000},       // open, due
      {"lab", "127.0.0.6", 9200, true, std::nullopt, kNow - 10'000},       // open, in 20 s
      {"lab", "127.0.0.7", 27017, false, kNow - 5 * kMin, kNow - 90'000},  // secured 5 min ago
      {"lab", "127.0.0.8", 5432, false, kNow - 2 * 3'600'000, kNow - 3 * kMin},  // long ago
  };
  c.manual = {{"127.0.1.9", {}, kNow - 1000}};
  const auto p = c.plan();
  EXPECT_EQ(kinds_and_assets(p),
            (std::vector<std::string>{"manual::127.0.1.9", "rescan:lab:127.0.0.7",
                                      "rescan:lab:127.0.0.5"}));  // most overdue first
  EXPECT_EQ(p.scans[1].ports, (std::vector<std::uint16_t>{27017}));
  EXPECT_EQ(p.next_due_ms, kNow + 20'000);
  // Two slots: the rescans capped at kMinRescanRate (two pairs need far less), shared; the
  // manual scan, of unknown size, the rest.
  EXPECT_DOUBLE_EQ(p.scans[0].rate, 200);
  EXPECT_DOUBLE_EQ(p.scans[1].rate, 50);
}

TEST(MonitorScheduler, ASweepBesideAFewRescansKeepsAlmostAllTheBudget) {
  Case c;
  c.s.global_rate = 100'000;
  c.s.open_rescan = std::chrono::seconds(5);
  c.sweeps = {{"lab", kNow - 2 * 3'600'000, false}, {"edge", kNow - kMin, false}};
  c.s.max_sweeps = 1;
  c.services = {{"lab", "127.0.0.5", 6379, true, std::nullopt, kNow - 6'000},
                {"lab", "127.0.0.6", 9200, true, std::nullopt, kNow - 7'000}};
  const auto p = c.plan();
  ASSERT_EQ(kinds_and_assets(p),
            (std::vector<std::string>{"rescan:lab:127.0.0.6", "rescan:lab:127.0.0.5",
                                      "sweep:lab:127.0.0.0/24"}));
  EXPECT_DOUBLE_EQ(p.scans[0].rate + p.scans[1].rate, kMinRescanRate);
  EXPECT_DOUBLE_EQ(p.scans[2].rate, 100'000 - kMinRescanRate);
  // Thousands of rescans get twice their count.
  for (int i = 0; i < 3000; ++i) {
    c.services.push_back({"lab", "127.0.1." + std::to_string(i % 250),
                          static_cast<std::uint16_t>(1000 + i), true, std::nullopt, kNow - 6'000});
  }
  const auto many = c.plan();
  double rescan_total = 0;
  for (const auto& s : many.scans) {
    if (s.kind == ScanKind::rescan) rescan_total += s.rate;
  }
  EXPECT_DOUBLE_EQ(rescan_total, 2.0 * 3002);
}

TEST(MonitorScheduler, PlansAreBounded) {
  Case c;
  c.sweeps = {{"lab", kNow, false}, {"edge", kNow, false}};
  for (std::size_t i = 0; i < kMaxManualPerPlan + 3; ++i) {
    c.manual.push_back({"127.0.0." + std::to_string(i), {}, kNow - static_cast<int>(i)});
  }
  const auto p = c.plan();
  ASSERT_EQ(p.scans.size(), kMaxManualPerPlan);
  EXPECT_EQ(p.scans.front().targets.front(), "127.0.0." + std::to_string(kMaxManualPerPlan + 2));
  EXPECT_EQ(p.next_due_ms, kNow);  // the rest at once, in the next plan
  double total = 0;
  for (const auto& s : p.scans) total += s.rate;
  EXPECT_NEAR(total, c.s.global_rate, 1e-6);
}

}  // namespace
}  // namespace lw::monitor
