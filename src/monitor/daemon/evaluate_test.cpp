// The daemon's evaluation, grouping and delivery steps on a real SQLite catalog: what a scan
// leaves in the catalog becomes alerts, outbox rows and incidents exactly once, a silence holds
// a notification back, a rescan that finds the service secured remediates its incident, and a
// crash between the steps (the first half run alone, then the whole) queues nothing twice.
#include <gtest/gtest.h>

#include <atomic>
#include <deque>

#include "catalog/catalog_test_util.h"
#include "monitor/daemon/delivery.h"
#include "monitor/daemon/evaluate.h"
#include "monitor/daemon/queue.h"
#include "monitor/rules.h"

namespace lw::monitor::daemon {
namespace {

using catalog::testing::make_record;

constexpr const char* kConfig = R"(
grouping: {group_wait: 0s, group_interval: 0s}
assets:
  - name: lab
    targets: [127.0.0.0/24]
    owner: Data engineering
    contacts: [data-eng@example.com]
    ports: [6379]
channels:
  - name: hook
    kind: webhook
    url: http://127.0.0.1:9/ok
    secret_env: HOOK_KEY
rules:
  - name: open-db
    kind: open_database
)";

const catalog::ServiceRef kRedis{"127.0.0.7", 6379, "tcp"};

class EvaluationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    location_ = (dir_.path() / "catalog.db").string();
    ConfigOptions options;
    options.getenv = [](const char*) -> const char* { return "test-key"; };
    auto config = parse_config(kConfig, "test.yaml", options);
    ASSERT_TRUE(config) << config.error().describe();
    config_ = std::move(*config);
    auto c = catalog::open_catalog(location_);
    ASSERT_TRUE(c) << c.error().describe();
    catalog_ = std::move(*c);
    auto m = catalog::open_monitor_store(location_);
    ASSERT_TRUE(m) << m.error().describe();
    store_ = std::move(*m);
    t0_ = wall_ms();
  }

  // A scan of 127.0.0.7:6379 with the given verdict, committed as the pipeline commits it.
  void scan(const std::string& id, VerdictKind verdict, std::int64_t t) {
    catalog::ScanInfo s;
    s.id = id;
    s.started_ms = t;
    ASSERT_TRUE(catalog_->begin_scan(s));
    std::vector<std::string> categories;
    if (verdict == VerdictKind::open) categories = {"pii"};
    auto ok = catalog_->commit_batch(
        id,
        std::vector<ServiceRecord>{make_record("127.0.0.7", 6379, verdict, t, 4096, categories)},
        "{}", 0);
    ASSERT_TRUE(ok) << ok.error().describe();
  }

  EvaluationStats evaluate(std::int64_t now) {
    EvaluationContext ctx{&config_, catalog_.get(), store_.get(), nullptr};
    const catalog::ServiceRef touched[] = {kRedis};
    auto r = evaluate_services(ctx, touched, now);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? *r : EvaluationStats{};
  }

  std::size_t queue(std::int64_t now, bool flush = false) {
    auto r = queue_ready_groups(config_, *store_, nullptr, now, flush);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? r->notifications : 0;
  }

  // Every outbox row, pending or not.
  std::vector<catalog::OutboxRow> outbox() {
    auto rows = store_->due(std::numeric_limits<std::int64_t>::max() / 2, 1000);
    EXPECT_TRUE(rows);
    return rows ? *rows : std::vector<catalog::OutboxRow>{};
  }

  catalog::testing::TempDir dir_;
  std::string location_;
  Config config_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<catalog::MonitorStore> store_;
  std::int64_t t0_ = 0;
};

TEST_F(EvaluationTest, ANewOpenServiceIsQueuedOnceWithItsIncident) {
  scan("s1", VerdictKind::open, t0_);
  const auto stats = evaluate(t0_ + 1000);
  EXPECT_EQ(stats.alerts, 1u);
  EXPECT_EQ(stats.incidents_opened, 1u);
  EXPECT_EQ(queue(t0_ + 1000), 1u);

  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].channel, "hook");
  const std::string id = alert_id("open-db", "127.0.0.7:6379");
  EXPECT_EQ(rows[0].alert_ids, nlohmann::json::array({id}));
  EXPECT_EQ(rows[0].idempotency_key.rfind("nk-", 0), 0u);
  const auto& alert = rows[0].body.at("alerts").at(0);
  EXPECT_EQ(alert.at("alert_id"), id);
  EXPECT_EQ(alert.at("owner"), "Data engineering");

  auto incidents = store_->list_incidents({});
  ASSERT_TRUE(incidents);
  ASSERT_EQ(incidents->size(), 1u);
  EXPECT_EQ(incidents->front().state, "open");
  EXPECT_EQ(alert.at("incident_id"), std::to_string(incidents->front().id));
  auto stored = store_->get_alert(id);
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->last_notified_ms, t0_ + 1000);
  EXPECT_FALSE((*stored)->payload.contains("pending"));
}

TEST_F(EvaluationTest, NothingChangedQueuesNothingAgain) {
  scan("s1", VerdictKind::open, t0_);
  evaluate(t0_ + 1000);
  ASSERT_EQ(queue(t0_ + 1000), 1u);
  // The same exposure seen again by the next rescans: no new alert, notification or incident.
  scan("s2", VerdictKind::open, t0_ + 30'000);
  const auto again = evaluate(t0_ + 31'000);
  EXPECT_EQ(again.alerts, 0u);
  EXPECT_EQ(again.incidents_opened, 0u);
  EXPECT_EQ(queue(t0_ + 31'000), 0u);
  evaluate(t0_ + 32'000);
  EXPECT_EQ(queue(t0_ + 32'000, true), 0u);
  EXPECT_EQ(outbox().size(), 1u);
  auto incidents = store_->list_incidents({});
  ASSERT_TRUE(incidents);
  EXPECT_EQ(incidents->size(), 1u);
}

TEST_F(EvaluationTest, ASilencedAlertIsRecordedButNotQueued) {
  catalog::SilenceRow s;
  s.asset = "lab";
  s.rule = "open-db";
  s.created_ms = t0_ - 1000;
  s.expires_ms = t0_ + 3'600'000;
  s.author = "alice";
  ASSERT_TRUE(store_->add_silence(s));
  scan("s1", VerdictKind::open, t0_);
  const auto stats = evaluate(t0_ + 1000);
  EXPECT_EQ(stats.alerts, 1u);
  EXPECT_EQ(stats.silenced, 1u);
  EXPECT_EQ(queue(t0_ + 1000, true), 0u);
  EXPECT_TRUE(outbox().empty());
  auto stored = store_->get_alert(alert_id("open-db", "127.0.0.7:6379"));
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->state, "firing");
  EXPECT_FALSE((*stored)->last_notified_ms.has_value());
  // Seen again while silenced: still recorded once, never queued.
  scan("s2", VerdictKind::open, t0_ + 30'000);
  EXPECT_EQ(evaluate(t0_ + 31'000).silenced, 0u);
  EXPECT_EQ(queue(t0_ + 31'000, true), 0u);
}

TEST_F(EvaluationTest, ASecuredServiceRemediatesItsIncidentAndResolvesItsAlerts) {
  scan("s1", VerdictKind::open, t0_);
  evaluate(t0_ + 1000);
  ASSERT_EQ(queue(t0_ + 1000), 1u);
  scan("s2", VerdictKind::auth_required, t0_ + 30'000);
  const auto stats = evaluate(t0_ + 31'000);
  EXPECT_EQ(stats.remediated, 1u);
  EXPECT_EQ(stats.alerts, 0u);
  auto incidents = store_->list_incidents({});
  ASSERT_TRUE(incidents);
  ASSERT_EQ(incidents->size(), 1u);
  EXPECT_EQ(incidents->front().state, "remediated");
  EXPECT_EQ(incidents->front().remediated_ms, t0_ + 31'000);
  auto stored = store_->get_alert(alert_id("open-db", "127.0.0.7:6379"));
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->state, "resolved");
  // The channel told of the exposure hears of its fix once, under a key of its own.
  EXPECT_EQ(queue(t0_ + 31'000, true), 1u);
  auto rows = outbox();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].body.at("alerts").at(0).at("status"), "firing");
  EXPECT_EQ(rows[1].body.at("alerts").at(0).at("status"), "resolved");
  EXPECT_EQ(rows[1].body.at("alerts").at(0).at("alert_id"), (*stored)->id);
  EXPECT_NE(rows[1].idempotency_key, rows[0].idempotency_key);
  scan("s2b", VerdictKind::auth_required, t0_ + 45'000);
  EXPECT_EQ(evaluate(t0_ + 46'000).remediated, 0u);
  EXPECT_EQ(queue(t0_ + 46'000, true), 0u);

  // Open again: the incident reopens and the exposure is notified anew.
  scan("s3", VerdictKind::open, t0_ + 60'000);
  const auto reopened = evaluate(t0_ + 61'000);
  EXPECT_EQ(reopened.incidents_opened, 1u);
  EXPECT_EQ(queue(t0_ + 61'000), 1u);
  EXPECT_EQ(outbox().size(), 3u);
  incidents = store_->list_incidents({});
  ASSERT_TRUE(incidents);
  EXPECT_EQ(incidents->front().state, "open");
  EXPECT_EQ(incidents->front().reopened_count, 1);
}

TEST_F(EvaluationTest, AnExposureFixedBeforeItsNotificationLeftIsAnnouncedWithoutAResolution) {
  scan("s1", VerdictKind::open, t0_);
  evaluate(t0_ + 1000);
  // Secured before the delivery step queued the alert: the exposure still goes out, firing,
  // and no resolution follows a notification that was never sent before it.
  scan("s2", VerdictKind::auth_required, t0_ + 2000);
  EXPECT_EQ(evaluate(t0_ + 3000).remediated, 1u);
  EXPECT_EQ(queue(t0_ + 3000, true), 1u);
  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].body.at("alerts").at(0).at("status"), "firing");
}

TEST_F(EvaluationTest, ACrashBetweenEvaluationAndQueueingQueuesNoDuplicate) {
  scan("s1", VerdictKind::open, t0_);
  // The first half, as if the daemon died right after it...
  evaluate(t0_ + 1000);
  // ...then after the restart the whole, on fresh connections.
  catalog_.reset();
  store_.reset();
  auto c = catalog::open_catalog(location_);
  ASSERT_TRUE(c);
  catalog_ = std::move(*c);
  auto m = catalog::open_monitor_store(location_);
  ASSERT_TRUE(m);
  store_ = std::move(*m);
  const auto stats = evaluate(t0_ + 2000);
  EXPECT_EQ(stats.alerts, 0u);  // already waiting for its notification
  EXPECT_EQ(queue(t0_ + 2000), 1u);
  // A crash after the outbox transaction: the whole again queues nothing.
  evaluate(t0_ + 3000);
  EXPECT_EQ(queue(t0_ + 3000, true), 0u);
  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 1u);
  auto incident = store_->get_incident(1);
  ASSERT_TRUE(incident);
  EXPECT_EQ(incident->alert_ids.size(), 1u);
}

TEST_F(EvaluationTest, TheEventCursorMovesOnlyPastWhatWasEvaluated) {
  scan("s1", VerdictKind::open, t0_);
  EXPECT_EQ(*store_->get_cursor(kEventCursor), 0);
  // Nothing touched by a scan: the service is found through its new events.
  EvaluationContext ctx{&config_, catalog_.get(), store_.get(), nullptr};
  auto r = evaluate_services(ctx, {}, t0_ + 1000);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->services, 1u);
  EXPECT_EQ(r->alerts, 1u);
  const auto cursor = *store_->get_cursor(kEventCursor);
  EXPECT_GT(cursor, 0);
  auto again = evaluate_services(ctx, {}, t0_ + 2000);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->services, 0u);
  EXPECT_EQ(*store_->get_cursor(kEventCursor), cursor);
}

TEST_F(EvaluationTest, AGroupWaitsForGroupWaitAndEachChannelGetsItsOwnKey) {
  ConfigOptions options;
  options.getenv = [](const char*) -> const char* { return "test-key"; };
  auto config = parse_config(R"(
grouping: {group_wait: 10s, group_interval: 60s}
assets:
  - name: lab
    targets: [127.0.0.0/24]
    ports: [6379]
channels:
  - name: hook
    kind: webhook
    url: http://127.0.0.1:9/ok
    secret_env: HOOK_KEY
  - name: ops
    kind: syslog
    syslog_host: 127.0.0.1
rules:
  - name: open-db
    kind: open_database
)",
                             "test.yaml", options);
  ASSERT_TRUE(config) << config.error().describe();
  config_ = std::move(*config);

  scan("s1", VerdictKind::open, t0_);
  evaluate(t0_ + 1000);
  EXPECT_EQ(queue(t0_ + 5000), 0u);  // within group_wait
  EXPECT_EQ(queue(t0_ + 11'000), 2u);
  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NE(rows[0].channel, rows[1].channel);
  EXPECT_NE(rows[0].idempotency_key, rows[1].idempotency_key);
  EXPECT_EQ(queue(t0_ + 12'000), 0u);
}

TEST_F(EvaluationTest, AChannelRemovedByAReloadTakesNothingMore) {
  t0_ -= 10'000;
  scan("s1", VerdictKind::open, t0_);
  evaluate(t0_ + 1000);
  // Reloaded without the channel before the group was ready: the alert leaves the queue.
  config_.channels.clear();
  EXPECT_EQ(queue(t0_ + 2000), 0u);
  auto stored = store_->get_alert(alert_id("open-db", "127.0.0.7:6379"));
  ASSERT_TRUE(stored && *stored);
  EXPECT_FALSE((*stored)->payload.contains("pending"));
  EXPECT_TRUE(outbox().empty());
}

// The delivery lane's seam (notify::Notifier) with answers chosen by the test.
class ScriptedNotifier final : public notify::Notifier {
 public:
  std::deque<notify::DeliveryResult> answers;
  std::vector<std::string> keys;
  notify::DeliveryResult send(const notify::Channel&, const notify::Notification& n,
                              std::int64_t) override {
    keys.push_back(n.idempotency_key);
    auto r = answers.front();
    answers.pop_front();
    return r;
  }
};

TEST_F(EvaluationTest, DeliveryRetriesHonouringRetryAfterThenDelivers) {
  t0_ -= 10'000;  // queued in the past: due now
  scan("s1", VerdictKind::open, t0_);
  evaluate(t0_ + 1000);
  ASSERT_EQ(queue(t0_ + 1000), 1u);
  ScriptedNotifier notifier;
  notify::DeliveryResult busy;
  busy.status = notify::DeliveryStatus::retry;
  busy.retry_after = std::chrono::seconds(7);
  busy.response_code = 429;
  busy.error = "HTTP 429";
  notifier.answers.push_back(busy);
  std::atomic<bool> stop{false};
  const auto before = wall_ms();
  auto first = deliver_due(config_, *store_, notifier, nullptr, wall_ms(), stop);
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_EQ(first->retried, 1u);
  auto row = outbox();
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0].tries, 1);
  EXPECT_GE(row[0].next_attempt_ms, before + 7000);
  EXPECT_LE(row[0].next_attempt_ms, wall_ms() + 7000);
  // Not due yet: nothing is sent.
  auto early = deliver_due(config_, *store_, notifier, nullptr, wall_ms(), stop);
  ASSERT_TRUE(early);
  EXPECT_EQ(notifier.keys.size(), 1u);
  notifier.answers.push_back({notify::DeliveryStatus::delivered, std::nullopt, 200, ""});
  auto later = deliver_due(config_, *store_, notifier, nullptr, row[0].next_attempt_ms, stop);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->delivered, 1u);
  ASSERT_EQ(notifier.keys.size(), 2u);
  EXPECT_EQ(notifier.keys[0], notifier.keys[1]);  // the retry carries the same key
  EXPECT_TRUE(outbox().empty());
}

TEST_F(EvaluationTest, APermanentRefusalIsADeadLetter) {
  t0_ -= 10'000;  // queued in the past: due now
  scan("s1", VerdictKind::open, t0_);
  evaluate(t0_ + 1000);
  ASSERT_EQ(queue(t0_ + 1000), 1u);
  ScriptedNotifier notifier;
  notifier.answers.push_back({notify::DeliveryStatus::permanent, std::nullopt, 400, "HTTP 400"});
  std::atomic<bool> stop{false};
  auto r = deliver_due(config_, *store_, notifier, nullptr, wall_ms(), stop);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->dead, 1u);
  auto dead = store_->list_dead(10);
  ASSERT_TRUE(dead);
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ(dead->front().last_error, "HTTP 400");
}

}  // namespace
}  // namespace lw::monitor::daemon
