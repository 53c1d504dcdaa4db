// A jump of the wall clock under a running `leakwatch serve` (issue 14): the daemon runs under
// Debian's libfaketime, whose offset the test rewrites at run time (the monotonic clock is left
// alone, as on a real machine whose clock is stepped). Forward 2 h: the asset's hourly sweep falls
// due and runs, and the alert already sent is not sent again. Back 3 h: rescans go on (nothing
// waits for a wall-clock time that is now hours away), and securing the Redis is still proved by
// rescan. Back one more hour while a refused notification waits for its retry: the retry is
// due at once, not an hour later. Redis at 127.0.8.81, receiver 127.0.8.250:8080.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "serve/serve_fixture.h"

namespace lw::testing::serve {
namespace {

constexpr const char* kHook = "127.0.8.250";
constexpr const char* kSecret = "whsec-serve-clock";
constexpr const char* kService = "127.0.8.81:6379";
constexpr const char* kFakeTime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";

// Finished scans of `kind` logged from line `after` on.
std::size_t finished(const Daemon& d, const std::string& kind, std::size_t after) {
  const auto lines = d.log();
  std::size_t n = 0;
  for (std::size_t i = after; i < lines.size(); ++i) {
    if (lines[i].value("msg", "") == "scan_finished" && lines[i].value("kind", "") == kind) ++n;
  }
  return n;
}

TEST(ServeClock, WallClockJumpsForwardAndBackWithoutStallOrRepeat) {
  if (!std::filesystem::exists(kFakeTime)) {
    GTEST_FAIL() << kFakeTime << " missing: run scripts/setup (Debian package faketime)";
  }
  TempDir dir;
  WebhookReceiver hook;
  ASSERT_EQ(hook.start(kHook, 8080, kSecret), "");
  Process redis;
  ASSERT_EQ(start_open_redis(redis, dir, "127.0.8.81"), "");
  std::ofstream(dir / "hook.key") << kSecret << "\n";
  ServeConfig config;
  config.catalog = dir / "catalog.db";
  config.assets = {{"clock", {"127.0.8.80-127.0.8.82"}, {6379}, "1h", 0}};
  config.channels = {ServeConfig::webhook("hook", hook.url(), dir / "hook.key")};
  config.write(dir / "serve.yaml");
  const std::string offset = dir / "faketime";
  auto set_offset = [&](const std::string& o) {
    std::ofstream(offset + ".tmp") << o << "\n";
    std::filesystem::rename(offset + ".tmp", offset);  // whole, never half written
  };
  set_offset("+0");
  Daemon daemon(dir / "serve.yaml", dir.path());
  daemon.wrap({"env", std::string("LD_PRELOAD=") + kFakeTime, "FAKETIME_TIMESTAMP_FILE=" + offset,
               "FAKETIME_CACHE_DURATION=1", "FAKETIME_DONT_FAKE_MONOTONIC=1"});
  daemon.start();
  ASSERT_TRUE(eventually([&] { return firing_deliveries(hook.requests()).size() >= 2; }, 90s))
      << daemon.log_tail();
  const auto sent = hook.requests().size();

  // Forward 2 h: past the 1 h cadence, so the asset is swept again.
  std::size_t mark = daemon.log().size();
  set_offset("+2h");
  EXPECT_TRUE(daemon.wait_for(
      "scan_started", 60s, [](const Json& j) { return j.value("kind", "") == "sweep"; }, mark))
      << daemon.log_tail();
  EXPECT_TRUE(eventually([&] { return finished(daemon, "rescan", mark) >= 2; }, 60s))
      << daemon.log_tail();
  EXPECT_EQ(hook.requests().size(), sent) << "nothing changed, yet something was sent again";

  // Back 3 h (1 h before the real time): rescans go on every few seconds.
  mark = daemon.log().size();
  set_offset("-1h");
  EXPECT_TRUE(eventually([&] { return finished(daemon, "rescan", mark) >= 2; }, 60s))
      << "rescans stalled after the clock went back\n"
      << daemon.log_tail();
  EXPECT_EQ(hook.requests().size(), sent) << "nothing changed, yet something was sent again";

  // Secured now, with the receiver refusing (500): the next rescan still proves it, though its
  // time is before the alert's, and the resolution's first try fails and is retried later.
  ASSERT_TRUE(hook.set_mode("500", 1));
  mark = daemon.log().size();
  ASSERT_EQ(secure_redis("127.0.8.81"), "");
  const auto incident = wait_for_incident(
      config.catalog, kService, [](const Json& i) { return i.value("state", "") == "remediated"; },
      90s);
  ASSERT_TRUE(incident) << daemon.log_tail();
  EXPECT_EQ((*incident)["state"], "remediated") << incident->dump() << daemon.log_tail();
  ASSERT_TRUE(daemon.running()) << daemon.log_tail();
  for (const auto& id : (*incident)["alert_ids"]) {
    EXPECT_EQ(firing_deliveries(hook.requests())[id.get<std::string>()], 1) << id;
  }

  // Back another hour while that retry waits (timed 15-30 s out on the old clock): it is due at
  // once rather than an hour later, and the resolution arrives.
  ASSERT_TRUE(daemon.wait_for("retry", 60s, nullptr, mark)) << daemon.log_tail();
  set_offset("-2h");
  EXPECT_TRUE(daemon.wait_for("clock_stepped_back", 30s, nullptr, mark)) << daemon.log_tail();
  EXPECT_TRUE(eventually(
      [&] {
        const auto resolved = deliveries(hook.requests(), "resolved");
        for (const auto& id : (*incident)["alert_ids"]) {
          if (!resolved.contains(id.get<std::string>())) return false;
        }
        return true;
      },
      60s))
      << daemon.log_tail();
  EXPECT_EQ(daemon.stop(20s), 0) << daemon.log_tail();
}

}  // namespace
}  // namespace lw::testing::serve
