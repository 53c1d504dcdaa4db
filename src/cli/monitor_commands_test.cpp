// incidents, silences, rescan and outbox end to end through the built binary, on a temporary
// SQLite catalog whose monitor state is written through MonitorStore as the daemon writes it.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "catalog/catalog_test_util.h"
#include "catalog/monitor/monitor_store.h"

#include "support/shell_run.h"

namespace lw::catalog {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class MonitorCli : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = open_monitor_store(path());
    ASSERT_TRUE(s) << s.error().describe();
    store_ = std::move(*s);
  }
  std::string path() const { return (dir_.path() / "c.db").string(); }
  lw::testing::ShellRun run(const std::string& args) {
    return lw::testing::run_shell(
        std::string(LW_BINARY_DIR) + "/leakwatch " + args + " --db '" + path() + "'",
        (dir_.path() / "stderr.txt").string());
  }
  nlohmann::json run_json(const std::string& args) {
    auto r = run(args);
    EXPECT_EQ(r.status, 0) << args << ": " << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }
  // A refusal: exit 2, one line on stderr naming `named`, nothing on stdout.
  void expect_refused(const std::string& args, const std::string& named) {
    auto r = run(args);
    EXPECT_EQ(r.status, 2) << args << ": " << r.out << r.err;
    EXPECT_NE(r.err.find(named), std::string::npos) << args << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << args << ": " << r.out;
  }
  std::int64_t open_incident(const std::string& address, std::int64_t exposed, std::int64_t at) {
    IncidentTrigger t;
    t.service = {address, 6379, "tcp"};
    t.asset = "lab";
    t.alert_id = "alert-" + address;
    t.severity = "high";
    t.exposed_since_ms = exposed;
    t.now_ms = at;
    auto r = store_->open_or_join(t);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? r->id : 0;
  }

  testing::TempDir dir_;
  std::unique_ptr<MonitorStore> store_;
};

TEST_F(MonitorCli, IncidentListShowAckCloseWithTheTimeline) {
  const auto t0 = now_ms() - 600'000;
  const auto id = open_incident("127.0.0.5", t0, t0 + 30'000);
  open_incident("127.0.0.6", t0, t0 + 45'000);

  auto all = run_json("incidents list --json");
  ASSERT_EQ(all["incidents"].size(), 2u);
  auto open = run_json("incidents list --state open --asset lab --limit 1 --json");
  ASSERT_EQ(open["incidents"].size(), 1u);
  EXPECT_EQ(run_json("incidents list --state closed --json")["incidents"].size(), 0u);
  EXPECT_EQ(run_json("incidents list --asset elsewhere --json")["incidents"].size(), 0u);

  auto shown = run_json("incidents show " + std::to_string(id) + " --json");
  EXPECT_EQ(shown["service"], "127.0.0.5:6379");
  EXPECT_EQ(shown["state"], "open");
  EXPECT_EQ(shown["severity"], "high");
  EXPECT_EQ(shown["first_seen_ms"], t0);
  EXPECT_EQ(shown["opened_ms"], t0 + 30'000);
  EXPECT_TRUE(shown["acknowledged_ms"].is_null());
  EXPECT_EQ(shown["exposure_ended"], false);
  EXPECT_GE(shown["exposure_ms"].get<std::int64_t>(), 600'000);
  ASSERT_EQ(shown["timeline"].size(), 1u);
  EXPECT_EQ(shown["timeline"][0]["kind"], "opened");
  EXPECT_EQ(shown["asset_metrics"]["exposures"], 2);
  EXPECT_EQ(shown["asset_metrics"]["mttd_ms"], 37'500);  // (30 s + 45 s) / 2

  auto ack = run("incidents ack " + std::to_string(id) + " --by alice --comment 'paged the owner'");
  ASSERT_EQ(ack.status, 0) << ack.err;
  EXPECT_NE(ack.out.find("is acknowledged"), std::string::npos) << ack.out;
  auto close = run("incidents close " + std::to_string(id) + " --by bob");
  ASSERT_EQ(close.status, 0) << close.err;

  auto after = run_json("incidents show " + std::to_string(id) + " --json");
  EXPECT_EQ(after["state"], "closed");
  EXPECT_FALSE(after["acknowledged_ms"].is_null());
  EXPECT_FALSE(after["closed_ms"].is_null());
  EXPECT_TRUE(after["remediated_ms"].is_null());
  EXPECT_EQ(after["exposure_ended"], true);
  ASSERT_EQ(after["timeline"].size(), 3u);
  EXPECT_EQ(after["timeline"][1]["kind"], "acknowledged");
  EXPECT_EQ(after["timeline"][1]["actor"], "alice");
  EXPECT_EQ(after["timeline"][1]["detail"]["comment"], "paged the owner");
  EXPECT_EQ(after["timeline"][2]["kind"], "closed");
  EXPECT_EQ(after["timeline"][2]["actor"], "bob");

  auto text = run("incidents show " + std::to_string(id));
  ASSERT_EQ(text.status, 0) << text.err;
  for (const char* line : {"first seen", "alerted", "acknowledged", "remediated", "closed",
                           "reopened      0 times", "acknowledged by alice", "closed by bob"}) {
    EXPECT_NE(text.out.find(line), std::string::npos) << line << "\n" << text.out;
  }
  EXPECT_EQ(run_json("incidents list --state closed --json")["incidents"].size(), 1u);

  // A closed incident cannot be acknowledged: the refusal names its state; nothing changes.
  expect_refused("incidents ack " + std::to_string(id), "is closed");
  auto unchanged = store_->get_incident(id);
  ASSERT_TRUE(unchanged);
  EXPECT_EQ(unchanged->timeline.size(), 3u);
}

TEST_F(MonitorCli, SilencesAddListExpireHonourTheExpiry) {
  auto add =
      run("silences add --asset lab --rule open_database --for 2h --by alice "
          "--comment 'maintenance window'");
  ASSERT_EQ(add.status, 0) << add.err;
  EXPECT_NE(add.out.find("silence 1 added"), std::string::npos) << add.out;
  auto svc = run("silences add --service '[::1]:9200' --until 2099-01-01T00:00:00Z");
  ASSERT_EQ(svc.status, 0) << svc.err;
  // One that ran out a second ago, written as the daemon's clock would have it.
  SilenceRow old;
  old.rule = "new_service";
  old.created_ms = now_ms() - 60'000;
  old.expires_ms = now_ms() - 1'000;
  old.author = "carol";
  ASSERT_TRUE(store_->add_silence(old));

  auto active = run_json("silences list --json")["silences"];
  ASSERT_EQ(active.size(), 2u);
  EXPECT_EQ(active[0]["asset"], "lab");
  EXPECT_EQ(active[0]["rule"], "open_database");
  EXPECT_EQ(active[0]["author"], "alice");
  EXPECT_EQ(active[0]["comment"], "maintenance window");
  const auto length =
      active[0]["expires_ms"].get<std::int64_t>() - active[0]["created_ms"].get<std::int64_t>();
  EXPECT_EQ(length, 2 * 3'600'000);
  EXPECT_EQ(active[1]["service"], "[::1]:9200");
  EXPECT_EQ(active[1]["expires_ms"], 4'070'908'800'000);
  EXPECT_EQ(run_json("silences list --all --json")["silences"].size(), 3u);

  auto expire = run("silences expire 1");
  ASSERT_EQ(expire.status, 0) << expire.err;
  auto left = run_json("silences list --json")["silences"];
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0]["id"], 2);
  auto table = run("silences list --all");
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_EQ(std::count(table.out.begin(), table.out.end(), '\n'), 5) << table.out;
  EXPECT_NE(table.out.find("(expired)"), std::string::npos) << table.out;
  auto stored = store_->active_silences(now_ms(), 10);
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(stored->front().service, "[::1]:9200");
}

TEST_F(MonitorCli, RescanQueuesOnceEachTarget) {
  auto r = run("rescan 127.0.0.5 127.0.1.0/30 127.0.0.7:6379 --reason deploy");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 3) << r.out;
  EXPECT_NE(r.out.find("queued 127.0.0.7:6379"), std::string::npos) << r.out;
  auto again = run("rescan 127.0.0.5");
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("already waiting: 127.0.0.5"), std::string::npos) << again.out;
  auto pending = store_->pending_rescans();
  ASSERT_TRUE(pending);
  EXPECT_EQ(*pending, 3);
  auto taken = store_->take_rescans(10, now_ms());
  ASSERT_TRUE(taken);
  ASSERT_EQ(taken->size(), 3u);
  EXPECT_EQ((*taken)[0].target, "127.0.0.5");
  EXPECT_EQ((*taken)[1].target, "127.0.1.0/30");
  EXPECT_EQ((*taken)[2].target, "127.0.0.7:6379");
  EXPECT_EQ((*taken)[0].reason, "deploy");
  // Taken by the daemon: the same target may be queued again.
  auto later = run("rescan 127.0.0.5");
  EXPECT_NE(later.out.find("queued 127.0.0.5"), std::string::npos) << later.out;
}

TEST_F(MonitorCli, OutboxListsADeadLetterAndRequeuesIt) {
  const auto t = now_ms();
  NotificationBatch batch;
  AlertRow alert;
  alert.id = "a1";
  alert.rule = "open_database";
  alert.address = "127.0.0.5";
  alert.port = 6379;
  alert.asset = "lab";
  alert.first_seen_ms = alert.last_fired_ms = t;
  batch.alerts.push_back(alert);
  OutboxRow row;
  row.channel = "ops-webhook";
  row.idempotency_key = "a1:1";
  row.alert_ids = nlohmann::json::array({"a1"});
  row.body = {{"text", "open redis"}};
  row.next_attempt_ms = row.created_ms = t;
  batch.outbox.push_back(row);
  auto ids = store_->record_notification(batch);
  ASSERT_TRUE(ids) << ids.error().describe();
  const auto id = ids->front();
  ASSERT_TRUE(store_->mark_retry(id, t + 1000, "HTTP 500"));
  ASSERT_TRUE(store_->mark_dead(id, "HTTP 503 after Retry-After"));

  auto list = run_json("outbox list --json");
  EXPECT_EQ(list["depth"]["pending"], 0);
  EXPECT_EQ(list["depth"]["dead"], 1);
  ASSERT_EQ(list["dead_letters"].size(), 1u);
  EXPECT_EQ(list["dead_letters"][0]["id"], id);
  EXPECT_EQ(list["dead_letters"][0]["channel"], "ops-webhook");
  EXPECT_EQ(list["dead_letters"][0]["tries"], 2);
  EXPECT_EQ(list["dead_letters"][0]["last_error"], "HTTP 503 after Retry-After");
  auto dead_only = run_json("outbox list --dead --json");
  EXPECT_FALSE(dead_only.contains("depth"));
  auto text = run("outbox list");
  EXPECT_NE(text.out.find("pending 0, dead 1"), std::string::npos) << text.out;

  auto requeue = run("outbox requeue " + std::to_string(id));
  ASSERT_EQ(requeue.status, 0) << requeue.err;
  auto depth = store_->outbox_depth();
  ASSERT_TRUE(depth);
  EXPECT_EQ(depth->pending, 1);
  EXPECT_EQ(depth->dead, 0);
  auto due = store_->due(now_ms() + 1, 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->front().tries, 0);
  expect_refused("outbox requeue " + std::to_string(id), "no dead letter");
}

TEST_F(MonitorCli, BadInputIsOneLineExitTwoAndWritesNothing) {
  const auto id = open_incident("127.0.0.5", 0, now_ms());
  expect_refused("incidents show 999", "no incident 999");
  expect_refused("incidents ack 999", "no incident 999");
  expect_refused("incidents show abc", "incident id 'abc'");
  expect_refused("incidents close 0", "incident id '0'");
  expect_refused("incidents list --state bogus", "bogus");
  expect_refused("incidents list --limit 0", "--limit");
  expect_refused("silences add --asset lab --for 5x", "--for '5x'");
  expect_refused("silences add --asset lab --for 0m", "--for '0m'");
  expect_refused("silences add --asset lab --until yesterday", "--until 'yesterday'");
  expect_refused("silences add --asset lab --until 2001-01-01T00:00:00Z", "in the past");
  expect_refused("silences add --for 1h", "needs a matcher");
  expect_refused("silences add --asset lab", "--for or --until");
  expect_refused("silences add --asset lab --for 1h --until 2099-01-01T00:00:00Z", "one end");
  expect_refused("silences add --service 127.0.0.1 --for 1h", "--service '127.0.0.1'");
  expect_refused("silences expire 42", "no silence 42");
  expect_refused("rescan 127.0.0.5 300.1.1.1", "300.1.1.1");
  expect_refused("rescan 127.0.0.5:0", "port 0");
  expect_refused("outbox requeue 7", "no dead letter 7");
  expect_refused("incidents bogus", "bogus");
  // The longest single argument exec takes is 128 KiB: an id of 100 000 digits.
  const std::string huge(100'000, '9');
  expect_refused("incidents ack " + huge, "incident id '99999");
  expect_refused("incidents ack " + std::to_string(id) + " --by " + huge, "actor");
  expect_refused("incidents close " + std::to_string(id) + " --comment " + std::string(9000, 'c'),
                 "comment is 9000 bytes long");
  expect_refused("silences add --asset " + huge + " --for 1h", "asset");
  expect_refused("rescan " + huge, "target");
  // Nothing of the above was written.
  EXPECT_EQ(run_json("silences list --all --json")["silences"].size(), 0u);
  auto pending = store_->pending_rescans();
  ASSERT_TRUE(pending);
  EXPECT_EQ(*pending, 0);
  auto inc = store_->get_incident(id);
  ASSERT_TRUE(inc);
  EXPECT_EQ(inc->state, "open");
  EXPECT_EQ(inc->timeline.size(), 1u);
  // A catalog that is not there is bad input too; a missing SQLite file is not created.
  auto missing =
      lw::testing::run_shell(std::string(LW_BINARY_DIR) + "/leakwatch incidents list --db '" +
                                 (dir_.path() / "none.db").string() + "'",
                             (dir_.path() / "stderr.txt").string());
  EXPECT_EQ(missing.status, 2) << missing.err;
  EXPECT_NE(missing.err.find("no catalog here"), std::string::npos) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "none.db"));
}

}  // namespace
}  // namespace lw::catalog
