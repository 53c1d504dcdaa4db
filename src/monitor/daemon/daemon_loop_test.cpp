// The daemon's loop in-process (no server: the asset's one address has nothing listening, so
// its sweep finds nothing): it starts, sweeps once and records the sweep in the schedule, takes
// SIGHUP (a bad file refused, a good one taken), stops on SIGTERM within the grace, and a
// restart within the cadence does not sweep again.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include "catalog/catalog_test_util.h"
#include "monitor/daemon/daemon.h"
#include "monitor/daemon/schedule_input.h"
#include "monitor/daemon/signals.h"

namespace lw::monitor::daemon {
namespace {

using namespace std::chrono_literals;

// 127.0.9.3: nothing listens there (lab/README.md, the monitor daemon's addresses).
std::string config_text(const std::string& catalog) {
  return "catalog: " + catalog +
         "\nassets:\n  - name: quiet\n    targets: [127.0.9.3]\n    ports: [6379]\n"
         "    cadence: 1h\n";
}

class DaemonLoop : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto d = dir_.path();
    catalog_ = (d / "catalog.db").string();
    config_path_ = (d / "serve.yaml").string();
    log_path_ = (d / "serve.log").string();
    std::ofstream(config_path_) << config_text(catalog_);
    options_.config_path = config_path_;
    options_.key_file = (d / "key").string();
    options_.pattern_cache = false;
  }

  std::vector<nlohmann::json> log_lines() const {
    std::ifstream in(log_path_);
    std::vector<nlohmann::json> out;
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_discarded()) out.push_back(std::move(j));
    }
    return out;
  }

  std::size_t count(const std::string& msg) const {
    std::size_t n = 0;
    for (const auto& l : log_lines()) {
      if (l.value("msg", "") == msg) ++n;
    }
    return n;
  }

  // Polls (every 50 ms, at most `limit`) until `msg` was logged `n` times.
  bool wait_for(const std::string& msg, std::size_t n, std::chrono::milliseconds limit) const {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      if (count(msg) >= n) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  // Runs the daemon on this thread while `drive` runs beside it (and signals it).
  Result<DaemonResult> run(const std::function<void()>& drive) {
    auto config = load_config(config_path_);
    EXPECT_TRUE(config) << config.error().describe();
    if (!config) return tl::unexpected(config.error());
    std::FILE* out = std::fopen(log_path_.c_str(), "a");
    EXPECT_NE(out, nullptr);
    Logger log(LogFormat::json, out);
    EXPECT_TRUE(Signals::install());
    notify::LiveNotifier notifier;
    std::thread driver(drive);
    auto result = run_daemon(std::move(*config), options_, log, notifier);
    driver.join();
    Signals::uninstall();
    std::fclose(out);
    return result;
  }

  catalog::testing::TempDir dir_;
  std::string catalog_, config_path_, log_path_;
  DaemonOptions options_;
};

TEST_F(DaemonLoop, SweepsReloadsStopsAndDoesNotSweepAgainAfterARestart) {
  std::chrono::steady_clock::time_point stop_sent;
  auto first = run([&] {
    EXPECT_TRUE(wait_for("scan_finished", 1, 60s));
    // A bad file on SIGHUP is refused; the good one then taken.
    std::ofstream(config_path_) << "assets: [";
    std::raise(SIGHUP);
    EXPECT_TRUE(wait_for("config_rejected", 1, 10s));
    std::ofstream(config_path_) << config_text(catalog_);
    std::raise(SIGHUP);
    EXPECT_TRUE(wait_for("config_reloaded", 1, 10s));
    stop_sent = std::chrono::steady_clock::now();
    std::raise(SIGTERM);
  });
  const auto stopped_after = std::chrono::steady_clock::now() - stop_sent;
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_FALSE(first->abandoned);
  EXPECT_LT(stopped_after, kStopGrace + 2s);
  EXPECT_EQ(count("started"), 1u);
  EXPECT_EQ(count("stopping"), 1u);
  bool swept = false;
  for (const auto& l : log_lines()) {
    if (l.value("msg", "") == "scan_finished") {
      EXPECT_EQ(l.value("kind", ""), "sweep");
      EXPECT_EQ(l.value("asset", ""), "quiet");
      EXPECT_EQ(l.value("open", -1), 0);
      swept = true;
    }
    if (l.value("msg", "") == "config_rejected") {
      EXPECT_NE(l.value("error", "").find("serve.yaml:"), std::string::npos) << l.dump();
    }
  }
  EXPECT_TRUE(swept);
  auto store = catalog::open_monitor_store(catalog_);
  ASSERT_TRUE(store);
  auto schedule = (*store)->get_schedule("quiet");
  ASSERT_TRUE(schedule && *schedule);
  EXPECT_FALSE((*schedule)->sweep_cursor.empty());

  // Restarted within the cadence: no second sweep.
  const auto sweeps_before = count("scan_started");
  auto second = run([&] {
    EXPECT_TRUE(wait_for("started", 2, 30s));
    std::this_thread::sleep_for(1500ms);
    std::raise(SIGINT);
  });
  ASSERT_TRUE(second) << second.error().describe();
  EXPECT_EQ(count("scan_started"), sweeps_before);
  EXPECT_EQ(count("stopping"), 2u);
}

}  // namespace
}  // namespace lw::monitor::daemon
