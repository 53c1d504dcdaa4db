// The daemon's config at start and on SIGHUP (issue 14): a bad config at start is exit 2, a
// catalog that cannot be opened exit 1; an invalid config on SIGHUP is refused with a log line
// naming what is wrong, and the daemon goes on with the last good one: it still scans (a rescan
// asked from the CLI) and still delivers. Addresses 127.0.8.60-127.0.8.62, receiver
// 127.0.8.240:8080.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>

#include "serve/serve_fixture.h"

namespace lw::testing::serve {
namespace {

constexpr const char* kHook = "127.0.8.240";
constexpr const char* kSecret = "whsec-serve-config";

ServeConfig config_in(const TempDir& dir, const std::string& hook_url) {
  std::ofstream(dir / "hook.key") << kSecret << "\n";
  ServeConfig c;
  c.catalog = dir / "catalog.db";
  c.assets = {{"reload", {"127.0.8.60-127.0.8.62"}, {6379}, "1h", 0}};
  c.channels = {ServeConfig::webhook("hook", hook_url, dir / "hook.key")};
  return c;
}

TEST(ServeConfigFile, BadConfigAtStartIsExitTwoAndABadCatalogExitOne) {
  TempDir dir;
  ServeConfig c = config_in(dir, "http://127.0.8.240:8080/hook");
  std::string text = c.yaml();
  text.replace(text.find("ports: [6379]"), 13, "ports: [70000]");
  std::ofstream(dir / "bad.yaml") << text;
  Daemon bad(dir / "bad.yaml", dir / "bad");
  std::filesystem::create_directories(dir / "bad");
  bad.start();
  EXPECT_EQ(bad.wait(30s), 2) << bad.log_text();
  EXPECT_NE(bad.log_text().find("70000"), std::string::npos) << bad.log_text();

  // A catalog file that is not a database.
  std::ofstream(dir / "not-a.db") << std::string(8192, 'x');
  c.catalog = dir / "not-a.db";
  c.write(dir / "catalog.yaml");
  std::filesystem::create_directories(dir / "cat");
  Daemon catalog(dir / "catalog.yaml", dir / "cat");
  catalog.start();
  EXPECT_EQ(catalog.wait(30s), 1) << catalog.log_text();
}

TEST(ServeConfigFile, InvalidConfigOnSighupIsRefusedAndTheLastGoodOneKept) {
  TempDir dir;
  WebhookReceiver hook;
  ASSERT_EQ(hook.start(kHook, 8080, kSecret), "");
  const ServeConfig good = config_in(dir, hook.url());
  good.write(dir / "serve.yaml");
  Daemon daemon(dir / "serve.yaml", dir.path());
  daemon.start();
  ASSERT_TRUE(daemon.wait_for("scan_finished", 60s)) << daemon.log_tail();

  // Invalid: a port out of range. Refused, named, and the daemon keeps running.
  std::string text = good.yaml();
  text.replace(text.find("ports: [6379]"), 13, "ports: [70000]");
  std::ofstream(dir / "serve.yaml") << text;
  const std::size_t before = daemon.log().size();
  daemon.signal(SIGHUP);
  const auto rejected = daemon.wait_for("config_rejected", 30s, nullptr, before);
  ASSERT_TRUE(rejected) << daemon.log_tail();
  EXPECT_NE(rejected->dump().find("70000"), std::string::npos) << rejected->dump();
  EXPECT_FALSE(daemon.wait_for("config_reloaded", 0s, nullptr, before)) << daemon.log_tail();
  ASSERT_TRUE(daemon.running()) << daemon.log_tail();

  // Still working on the last good config: a Redis opened now and asked for is found, alerted
  // and delivered.
  Process redis;
  ASSERT_EQ(start_open_redis(redis, dir, "127.0.8.61"), "");
  const auto asked = leakwatch({"rescan", "127.0.8.61:6379", "--db", good.catalog});
  ASSERT_EQ(asked.status, 0) << asked.err;
  ASSERT_TRUE(eventually([&] { return firing_deliveries(hook.requests()).size() >= 2; }, 90s))
      << daemon.log_tail();
  for (const auto& r : hook.requests()) EXPECT_TRUE(r.signature_ok);

  // A valid config is taken on the next SIGHUP.
  ServeConfig next = good;
  next.open_rescan = "7s";
  next.write(dir / "serve.yaml");
  const std::size_t later = daemon.log().size();
  daemon.signal(SIGHUP);
  EXPECT_TRUE(daemon.wait_for("config_reloaded", 30s, nullptr, later)) << daemon.log_tail();
  EXPECT_TRUE(daemon.running());
  EXPECT_EQ(daemon.stop(20s), 0) << daemon.log_tail();
}

}  // namespace
}  // namespace lw::testing::serve
