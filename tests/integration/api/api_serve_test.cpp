// `leakwatch serve` with an `api:` section starts the same API beside the daemon.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <regex>
#include <thread>

#include "api/api_fixture.h"

namespace lw::testing {
namespace {

using namespace std::chrono_literals;

TEST(ApiUnderServe, TheConfigsApiSectionServesItsAssetsAndRules) {
  std::signal(SIGPIPE, SIG_IGN);
  TempDir dir;
  // One address with one closed port: the daemon's sweep is short and touches nothing else.
  std::ofstream(dir / "serve.yaml") << "catalog: " << (dir / "catalog.db")
                                    << "\nassets:\n  - name: quiet\n    targets: [127.0.0.9]\n"
                                       "    ports: [6399]\n    cadence: 1h\n"
                                       "rules:\n  - name: open-store\n    kind: open_database\n"
                                       "api:\n  listen: 127.0.0.1:0\n";
  auto serve = Process::spawn({leakwatch_binary(), "serve", "--config", dir / "serve.yaml"},
                              dir / "serve.out", dir / "serve.err");
  const std::regex listening(R"(api listening on http://127\.0\.0\.1:([0-9]+))");
  std::smatch m;
  std::string err;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    err = read_file(dir / "serve.err");
    if (std::regex_search(err, m, listening)) break;
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(std::regex_search(err, m, listening)) << err;
  httplib::Client c("http://127.0.0.1:" + m[1].str());
  c.set_connection_timeout(5s);
  c.set_read_timeout(10s);
  auto refused = c.Get("/api/v1/rules");
  ASSERT_TRUE(refused) << httplib::to_string(refused.error());
  EXPECT_EQ(refused->status, 401) << "a request without a token, on loopback";
  // A token made beside the running daemon, in its catalog, is accepted at once.
  auto created = run({leakwatch_binary(), "token", "create", "--name", "ops", "--role", "viewer",
                      "--db", dir / "catalog.db"},
                     30s);
  ASSERT_EQ(created.status, 0) << created.err;
  std::smatch t;
  const std::regex token_text(R"((lw_[A-Za-z0-9_-]+))");
  ASSERT_TRUE(std::regex_search(created.out, t, token_text)) << created.out;
  c.set_bearer_token_auth(t[1].str());
  auto rules = c.Get("/api/v1/rules");
  ASSERT_TRUE(rules) << httplib::to_string(rules.error());
  ASSERT_EQ(rules->status, 200) << rules->body;
  auto r = nlohmann::json::parse(rules->body);
  ASSERT_EQ(r["items"].size(), 1u);
  EXPECT_EQ(r["items"][0]["name"], "open-store");
  EXPECT_EQ(r["items"][0]["kind"], "open_database");
  auto assets = c.Get("/api/v1/assets");
  ASSERT_TRUE(assets);
  EXPECT_EQ(nlohmann::json::parse(assets->body)["items"][0]["name"], "quiet");
  auto health = c.Get("/api/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(nlohmann::json::parse(health->body)["daemon"], true) << health->body;

  // The daemon's sweep of its one target, as /metrics reports it: finished, one target done.
  const std::string done_line = R"(leakwatch_scan_targets_done{asset="quiet",kind="sweep"} 1)";
  const std::string idle_line = R"(leakwatch_scan_running{asset="quiet",kind="sweep"} 0)";
  std::string metrics;
  for (auto until = std::chrono::steady_clock::now() + 30s;
       std::chrono::steady_clock::now() < until; std::this_thread::sleep_for(200ms)) {
    auto got = c.Get("/metrics");
    ASSERT_TRUE(got);
    metrics = got->body;
    if (metrics.find(done_line) != std::string::npos &&
        metrics.find(idle_line) != std::string::npos) {
      break;
    }
  }
  EXPECT_NE(metrics.find(done_line), std::string::npos) << metrics;
  EXPECT_NE(metrics.find(idle_line), std::string::npos) << metrics;
  EXPECT_NE(metrics.find(R"(leakwatch_scan_targets_per_second{asset="quiet",kind="sweep"})"),
            std::string::npos)
      << metrics;
  // On loopback SYN discovery cannot run: the sweep connected, and says so.
  EXPECT_NE(metrics.find(R"(leakwatch_scan_syn_discovery{asset="quiet",kind="sweep"} 0)"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find(R"(leakwatch_scan_progress_ratio{asset="quiet",kind="sweep"} 1)"),
            std::string::npos)
      << metrics;

  // Rescans through the API: a block inside the asset is queued; one outside it, or a name no
  // asset lists, is refused naming the target.
  auto responder = run({leakwatch_binary(), "token", "create", "--name", "oncall", "--role",
                        "responder", "--db", dir / "catalog.db"},
                       30s);
  ASSERT_EQ(responder.status, 0) << responder.err;
  std::smatch rt;
  ASSERT_TRUE(std::regex_search(responder.out, rt, token_text)) << responder.out;
  const httplib::Headers as_responder{{"Authorization", "Bearer " + rt[1].str()}};
  auto inside =
      c.Post("/api/v1/rescan", as_responder, R"({"targets":["127.0.0.9/32"]})", "application/json");
  ASSERT_TRUE(inside);
  EXPECT_EQ(inside->status, 202) << inside->body;
  EXPECT_EQ(nlohmann::json::parse(inside->body)["queued"][0]["target"], "127.0.0.9");
  for (const char* outside : {"127.0.0.0/24", "127.0.0.8-127.0.0.9", "db.example"}) {
    auto refused_rescan = c.Post("/api/v1/rescan", as_responder,
                                 nlohmann::json{{"targets", {outside}}}.dump(), "application/json");
    ASSERT_TRUE(refused_rescan);
    EXPECT_EQ(refused_rescan->status, 400) << outside << ": " << refused_rescan->body;
    EXPECT_EQ(nlohmann::json::parse(refused_rescan->body)["error"]["field"], "targets[0]")
        << refused_rescan->body;
  }

  // A reload the daemon accepts is what the API shows next.
  std::ofstream(dir / "serve.yaml") << "catalog: " << (dir / "catalog.db")
                                    << "\nassets:\n  - name: renamed\n    targets: [127.0.0.9]\n"
                                       "    ports: [6399]\n    cadence: 1h\n"
                                       "rules:\n  - name: open-store\n    kind: open_database\n"
                                       "api:\n  listen: 127.0.0.1:0\n";
  serve.signal(SIGHUP);
  std::string seen;
  for (auto until = std::chrono::steady_clock::now() + 20s;
       std::chrono::steady_clock::now() < until; std::this_thread::sleep_for(100ms)) {
    auto reloaded = c.Get("/api/v1/assets");
    ASSERT_TRUE(reloaded);
    seen = reloaded->body;
    if (nlohmann::json::parse(seen)["items"][0]["name"] == "renamed") break;
  }
  EXPECT_EQ(nlohmann::json::parse(seen)["items"][0]["name"], "renamed") << seen;
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait(30s), 0) << read_file(dir / "serve.err");
}

TEST(ApiUnderServe, ABadApiSectionStopsServeBeforeItStarts) {
  TempDir dir;
  std::ofstream(dir / "serve.yaml") << "catalog: " << (dir / "catalog.db")
                                    << "\nassets:\n  - name: quiet\n    targets: [127.0.0.9]\n"
                                       "api:\n  listen: 127.0.0.5:8642\n";
  auto r = run({leakwatch_binary(), "serve", "--config", dir / "serve.yaml", "--once"}, 30s);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("api.listen: 127.0.0.5 is off loopback"), std::string::npos) << r.err;
  auto check = run({leakwatch_binary(), "config", "check", dir / "serve.yaml"}, 30s);
  EXPECT_EQ(check.status, 2);
  EXPECT_NE(check.err.find(":6:11: api.listen"), std::string::npos) << check.err;
}

}  // namespace
}  // namespace lw::testing
