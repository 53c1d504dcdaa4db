// `leakwatch serve --config X --once` through the built binary against a real redis-server left
// open (127.0.9.1:6379, holding fake sensitive keys) and the webhook receiver of
// src/notify/testdata (127.0.9.2:8080): the sweep finds the open Redis, the alert reaches the
// webhook signed, with its incident id and masked evidence only, the catalog holds the incident,
// and a second run with nothing changed sends nothing more. A manual rescan that a killed daemon
// took off the queue is run by the next start. What a sweep finds open is alerted while the
// sweep still waits on a server that accepts and never answers (127.0.9.3).
#include <gtest/gtest.h>

#include <ctime>
#include <fstream>
#include <iomanip>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "catalog/monitor/monitor_store.h"
#include "support/process.h"

namespace {

using namespace std::chrono_literals;
using lw::testing::Process;
using lw::testing::TempDir;
using nlohmann::json;

constexpr const char* kRedis = "127.0.9.1";
constexpr const char* kHook = "127.0.9.2";
constexpr int kHookPort = 8080;
constexpr const char* kSecret = "serve-once-test-key";
// Fake values (an SSN from no real person, a reserved domain): never in what is sent or logged.
constexpr const char* kRawSsn = "078-05-1120";
constexpr const char* kRawEmail = "ann.example@fake-corp.test";

std::vector<json> lines(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    auto j = json::parse(line, nullptr, false);
    if (!j.is_discarded()) out.push_back(std::move(j));
  }
  return out;
}

std::size_t count_msg(const std::vector<json>& log, const std::string& msg) {
  std::size_t n = 0;
  for (const auto& l : log) {
    if (l.value("msg", "") == msg) ++n;
  }
  return n;
}

class ServeOnce : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(lw::testing::have_program("redis-server")) << "redis-server missing: scripts/setup";
    ASSERT_TRUE(lw::testing::have_program("python3")) << "python3 missing: scripts/setup";
    redis_ = Process::spawn(
        {"redis-server", "--bind", kRedis, "--port", "6379", "--save", "", "--appendonly", "no",
         "--protected-mode", "no", "--dir", dir_.path(), "--daemonize", "no"},
        dir_ / "redis.log", dir_ / "redis.err");
    receiver_ = Process::spawn(
        {"python3", std::string(LW_SOURCE_DIR) + "/src/notify/testdata/webhook_receiver.py",
         "--address", kHook, "--port", std::to_string(kHookPort), "--log", dir_ / "hook.jsonl",
         "--secret", kSecret},
        "", dir_ / "receiver.err");
    ASSERT_TRUE(lw::testing::wait_for_port(kRedis, 6379, 20s))
        << lw::testing::read_file(dir_ / "redis.err");
    ASSERT_TRUE(lw::testing::wait_for_port(kHook, kHookPort, 20s))
        << lw::testing::read_file(dir_ / "receiver.err");
    const std::string set = "*3\r\n$3\r\nSET\r\n$6\r\nuser:1\r\n$" +
                            std::to_string(std::string(kRawEmail).size() + 5 + 11) + "\r\n" +
                            kRawEmail + " ssn " + kRawSsn + "\r\n";
    ASSERT_NE(lw::testing::exchange(kRedis, 6379, set, "+OK", 5s).find("+OK"), std::string::npos);
    {
      std::ofstream key(dir_ / "hook.key");
      key << kSecret << "\n";
    }
    write_config(kRedis);
  }

  void write_config(const std::string& targets) {
    std::ofstream config(dir_ / "serve.yaml");
    config << "catalog: " << (dir_ / "catalog.db") << "\n"
           << "grouping: {group_wait: 5s, group_interval: 30s}\n"
           << "assets:\n  - name: lab\n    targets: [" << targets << "]\n"
           << "    owner: Data engineering\n    contacts: [data-eng@example.com]\n"
           << "    ports: [6379]\n    cadence: 1h\n"
           << "channels:\n  - name: hook\n    kind: webhook\n"
           << "    url: http://" << kHook << ":" << kHookPort << "/ok\n"
           << "    secret_file: " << (dir_ / "hook.key") << "\n    timeout: 5s\n"
           << "rules:\n  - name: open-store\n    kind: open_database\n"
           << "  - name: personal-data\n    kind: sensitive_data\n";
  }

  lw::testing::RunResult serve_once() {
    // The classifier's key and pattern cache go to the test's folder, not the user's.
    return lw::testing::run(
        {"env", "XDG_DATA_HOME=" + (dir_ / "data"), "XDG_CACHE_HOME=" + (dir_ / "cache"),
         lw::testing::leakwatch_binary(), "serve", "--config", dir_ / "serve.yaml", "--once"},
        120s);
  }

  TempDir dir_;
  Process redis_;
  Process receiver_;
};

TEST_F(ServeOnce, AnOpenRedisIsAlertedToTheWebhookWithItsIncident) {
  const auto run = serve_once();
  ASSERT_EQ(run.status, 0) << run.err;
  const auto log = lines(run.err);
  EXPECT_EQ(count_msg(log, "started"), 1u) << run.err;
  EXPECT_EQ(count_msg(log, "scan_started"), 1u) << run.err;
  EXPECT_EQ(count_msg(log, "incident_opened"), 1u) << run.err;
  EXPECT_EQ(count_msg(log, "queued"), 1u) << run.err;
  EXPECT_EQ(count_msg(log, "delivered"), 1u) << run.err;
  EXPECT_EQ(count_msg(log, "stopping"), 1u) << run.err;
  for (const auto& l : log) {
    if (l.value("msg", "") != "scan_finished") continue;
    EXPECT_EQ(l.value("kind", ""), "sweep");
    EXPECT_EQ(l.value("asset", ""), "lab");
    EXPECT_EQ(l.value("open", 0), 1);
  }

  const auto requests = lines(lw::testing::read_file(dir_ / "hook.jsonl"));
  ASSERT_EQ(requests.size(), 1u);
  const auto& req = requests[0];
  EXPECT_TRUE(req.value("signature_ok", false));
  const auto body = json::parse(req.value("body", ""));
  EXPECT_EQ(req.at("headers").value("idempotency-key", ""), body.value("idempotency_key", "x"));
  ASSERT_EQ(body.at("alerts").size(), 2u) << body.dump();
  std::set<std::string> rules;
  std::string incident_id;
  for (const auto& a : body.at("alerts")) {
    rules.insert(a.value("rule", ""));
    EXPECT_EQ(a.value("address", ""), kRedis);
    EXPECT_EQ(a.value("port", 0), 6379);
    EXPECT_EQ(a.value("owner", ""), "Data engineering");
    EXPECT_FALSE(a.value("incident_id", "").empty());
    incident_id = a.value("incident_id", "");
  }
  EXPECT_EQ(rules, (std::set<std::string>{"open-store", "personal-data"}));
  for (const std::string raw : {kRawSsn, kRawEmail}) {
    EXPECT_EQ(req.value("body", "").find(raw), std::string::npos) << raw;
    EXPECT_EQ(run.err.find(raw), std::string::npos) << raw;
  }

  // The incident in the catalog, as the operator sees it.
  const auto shown = lw::testing::run({lw::testing::leakwatch_binary(), "incidents", "show",
                                       incident_id, "--db", dir_ / "catalog.db", "--json"},
                                      30s);
  ASSERT_EQ(shown.status, 0) << shown.err;
  const auto incident = json::parse(shown.out, nullptr, false);
  ASSERT_FALSE(incident.is_discarded()) << shown.out;
  EXPECT_EQ(incident.value("state", ""), "open") << shown.out;
  EXPECT_EQ(incident.value("address", ""), kRedis) << shown.out;

  // Nothing changed, nothing due: a second run sends nothing more.
  const auto again = serve_once();
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(count_msg(lines(again.err), "queued"), 0u) << again.err;
  EXPECT_EQ(lines(lw::testing::read_file(dir_ / "hook.jsonl")).size(), 1u);
}

TEST_F(ServeOnce, AManualRescanTakenByAKilledDaemonIsRunAtTheNextStart) {
  const auto first = serve_once();
  ASSERT_EQ(first.status, 0) << first.err;
  const auto queued = lw::testing::run({lw::testing::leakwatch_binary(), "rescan",
                                        std::string(kRedis) + ":6379", "--db", dir_ / "catalog.db"},
                                       30s);
  ASSERT_EQ(queued.status, 0) << queued.err;
  {
    // What a daemon killed during that rescan's scan leaves: the request taken, never finished.
    auto store = lw::catalog::open_monitor_store(dir_ / "catalog.db");
    ASSERT_TRUE(store) << store.error().describe();
    auto taken = (*store)->take_rescans(10, 1);
    ASSERT_TRUE(taken) << taken.error().describe();
    ASSERT_EQ(taken->size(), 1u);
    ASSERT_EQ(*(*store)->pending_rescans(), 0);
  }

  const auto next = serve_once();
  ASSERT_EQ(next.status, 0) << next.err;
  const auto log = lines(next.err);
  bool requeued = false;
  bool manual_scanned = false;
  for (const auto& l : log) {
    if (l.value("msg", "") == "rescans_requeued") requeued = l.value("count", 0) == 1;
    if (l.value("msg", "") == "scan_finished" && l.value("kind", "") == "manual") {
      manual_scanned = l.value("open", 0) == 1;
    }
  }
  EXPECT_TRUE(requeued) << next.err;
  EXPECT_TRUE(manual_scanned) << next.err;

  // Finished: neither waiting nor taken, so a third start has nothing to requeue or scan.
  const auto third = serve_once();
  ASSERT_EQ(third.status, 0) << third.err;
  EXPECT_EQ(count_msg(lines(third.err), "rescans_requeued"), 0u) << third.err;
  for (const auto& l : lines(third.err)) {
    EXPECT_FALSE(l.value("msg", "") == "scan_finished" && l.value("kind", "") == "manual")
        << third.err;
  }
}

TEST_F(ServeOnce, WhatASweepFindsOpenIsAlertedBeforeTheSweepEnds) {
  // A server that accepts and never says a word: the sweep waits for its read timeout (5 s).
  constexpr const char* kSilent = "127.0.9.3";
  Process silent = Process::spawn({"python3", "-c",
                                   "import socket, time\n"
                                   "s = socket.create_server(('127.0.9.3', 6379))\n"
                                   "held = []\n"
                                   "deadline = time.time() + 120\n"
                                   "s.settimeout(1)\n"
                                   "while time.time() < deadline:\n"
                                   "    try:\n"
                                   "        held.append(s.accept()[0])\n"
                                   "    except socket.timeout:\n"
                                   "        pass\n"},
                                  "", dir_ / "silent.err");
  ASSERT_TRUE(lw::testing::wait_for_port(kSilent, 6379, 20s))
      << lw::testing::read_file(dir_ / "silent.err");
  write_config(std::string(kRedis) + ", " + kSilent);

  const auto run = serve_once();
  ASSERT_EQ(run.status, 0) << run.err;
  const auto log = lines(run.err);
  std::optional<std::int64_t> alerted_ms;
  std::optional<std::int64_t> sweep_done_ms;
  const auto ms_of = [](const json& l) -> std::int64_t {  // "2026-12-07T18:22:13.003Z"
    std::tm tm{};
    std::istringstream in(l.value("ts", ""));
    in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
    char dot = 0;
    int millis = 0;
    in >> dot >> millis;
    return static_cast<std::int64_t>(timegm(&tm)) * 1000 + millis;
  };
  for (const auto& l : log) {
    if (l.value("msg", "") == "alert" && !alerted_ms) alerted_ms = ms_of(l);
    if (l.value("msg", "") == "scan_finished" && l.value("kind", "") == "sweep") {
      sweep_done_ms = ms_of(l);
      EXPECT_EQ(l.value("open", 0), 1) << run.err;
    }
  }
  ASSERT_TRUE(alerted_ms && sweep_done_ms) << run.err;
  // Alerted at least two seconds before the sweep ended (it waits 5 s on the silent server).
  EXPECT_LE(*alerted_ms + 2000, *sweep_done_ms) << run.err;
  // Evaluated again at the sweep's end: nothing new, so one notification all the same.
  EXPECT_EQ(count_msg(log, "incident_opened"), 1u) << run.err;
  EXPECT_EQ(count_msg(log, "delivered"), 1u) << run.err;
}

}  // namespace
