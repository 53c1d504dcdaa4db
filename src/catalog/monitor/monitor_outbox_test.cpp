// The MonitorStore suite, part one: alerts and the outbox. Compiled into lw_catalog_tests
// (SQLite) and lw_catalog_pg_tests (a real PostgreSQL from scripts/pg).
#include <gtest/gtest.h>

#include "catalog/monitor/monitor_test.h"

namespace lw::catalog {
namespace {

using testing::kMonitorT0;

AlertRow alert(const std::string& id, std::int64_t t, const std::string& asset = "lab") {
  AlertRow a;
  a.id = id;
  a.rule = "open_database";
  a.address = "127.0.0.7";
  a.port = 6379;
  a.asset = asset;
  a.first_seen_ms = t;
  a.last_fired_ms = t;
  a.payload = {{"product", "Redis"}, {"severity", "high"}};
  return a;
}

OutboxRow outbox(const std::string& channel, const std::string& key, std::int64_t t) {
  OutboxRow o;
  o.channel = channel;
  o.idempotency_key = key;
  o.alert_ids = nlohmann::json::array({key});
  o.body = {{"text", "Redis open on 127.0.0.7:6379"}};
  o.created_ms = t;
  o.next_attempt_ms = t;
  return o;
}

class MonitorOutboxSuite : public testing::MonitorTest {};

TEST_P(MonitorOutboxSuite, AlertUpsertKeepsFirstSeenAndLists) {
  ASSERT_TRUE(store_->upsert_alert(alert("a1", kMonitorT0)));
  auto later = alert("a1", kMonitorT0 + 5000);
  later.content_hash = "h2";
  later.payload["severity"] = "critical";
  ASSERT_TRUE(store_->upsert_alert(later));
  ASSERT_TRUE(store_->upsert_alert(alert("a2", kMonitorT0 + 100, "other")));
  auto got = store_->get_alert("a1");
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ((*got)->first_seen_ms, kMonitorT0);
  EXPECT_EQ((*got)->last_fired_ms, kMonitorT0 + 5000);
  EXPECT_EQ((*got)->content_hash, "h2");
  EXPECT_EQ((*got)->payload.value("severity", ""), "critical");
  EXPECT_FALSE((*got)->last_notified_ms.has_value());
  auto none = store_->get_alert("nope");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());

  ASSERT_TRUE(store_->resolve_alert("a1", kMonitorT0 + 9000));
  auto firing = store_->list_alerts({"firing", "", 10});
  ASSERT_TRUE(firing);
  ASSERT_EQ(firing->size(), 1u);
  EXPECT_EQ(firing->at(0).id, "a2");
  auto resolved = store_->list_alerts({"resolved", "lab", 10});
  ASSERT_TRUE(resolved);
  ASSERT_EQ(resolved->size(), 1u);
  EXPECT_EQ(resolved->at(0).resolved_ms, kMonitorT0 + 9000);
  auto one = store_->list_alerts({"", "", 1});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->size(), 1u);  // the limit holds
  auto missing = store_->resolve_alert("ghost", kMonitorT0);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_P(MonitorOutboxSuite, RecordNotificationWritesAlertAndOutboxTogetherAndIsIdempotent) {
  auto a = alert("a1", kMonitorT0);
  a.last_notified_ms = kMonitorT0;
  a.content_hash = "h1";
  NotificationBatch batch{{a},
                          {outbox("webhook", "a1", kMonitorT0), outbox("slack", "a1", kMonitorT0)}};
  auto ids = store_->record_notification(batch);
  ASSERT_TRUE(ids) << ids.error().describe();
  ASSERT_EQ(ids->size(), 2u);
  EXPECT_NE(ids->at(0), ids->at(1));
  // The same notification again (a retry after a crash): no new rows, the same ids.
  auto again = store_->record_notification(batch);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *ids);
  auto depth = store_->outbox_depth();
  ASSERT_TRUE(depth);
  EXPECT_EQ(depth->pending, 2);
  EXPECT_EQ(depth->dead, 0);
  auto got = store_->get_alert("a1");
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ((*got)->last_notified_ms, kMonitorT0);
  EXPECT_EQ((*got)->content_hash, "h1");
  auto due = store_->due(kMonitorT0, 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ(due->at(0).channel, "webhook");
  EXPECT_EQ(due->at(0).alert_ids, nlohmann::json::array({"a1"}));
  EXPECT_EQ(due->at(0).body.value("text", ""), "Redis open on 127.0.0.7:6379");
  EXPECT_EQ(due->at(0).state, "pending");
}

TEST_P(MonitorOutboxSuite, BadRowRefusesTheWholeBatch) {
  auto bad = outbox("webhook", std::string(kMaxKeyBytes + 1, 'k'), kMonitorT0);
  auto r = store_->record_notification({{alert("a1", kMonitorT0)}, {bad}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(r.error().message.find("outbox idempotency key"), std::string::npos)
      << r.error().message;
  auto got = store_->get_alert("a1");
  ASSERT_TRUE(got);
  EXPECT_FALSE(got->has_value());  // nothing of the batch was written
  auto state = alert("a2", kMonitorT0);
  state.state = "burning";
  auto s = store_->upsert_alert(state);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("unknown alert state 'burning'"), std::string::npos);
  auto huge = alert("a3", kMonitorT0);
  huge.payload = {{"blob", std::string(kMaxJsonBytes, 'x')}};
  auto h = store_->upsert_alert(huge);
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().message.find("alert payload"), std::string::npos);
  auto empty = alert("", kMonitorT0);
  ASSERT_FALSE(store_->upsert_alert(empty));
}

TEST_P(MonitorOutboxSuite, DueIsOldestFirstAndHonoursNextAttempt) {
  NotificationBatch batch;
  for (int i = 0; i < 5; ++i) {
    batch.outbox.push_back(outbox("webhook", "k" + std::to_string(i), kMonitorT0 + (4 - i) * 10));
  }
  auto ids = store_->record_notification(batch);
  ASSERT_TRUE(ids);
  auto due = store_->due(kMonitorT0 + 1000, 3);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 3u);
  EXPECT_EQ(due->at(0).idempotency_key, "k4");
  EXPECT_EQ(due->at(1).idempotency_key, "k3");
  EXPECT_EQ(due->at(2).idempotency_key, "k2");
  // A retry moves the row out of the due set until its time.
  ASSERT_TRUE(store_->mark_retry(ids->at(4), kMonitorT0 + 5000, "HTTP 503"));
  due = store_->due(kMonitorT0 + 1000, 10);
  ASSERT_TRUE(due);
  EXPECT_EQ(due->size(), 4u);
  EXPECT_EQ(due->at(0).idempotency_key, "k3");
  due = store_->due(kMonitorT0 + 5000, 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 5u);
  EXPECT_EQ(due->at(0).idempotency_key, "k4");
  EXPECT_EQ(due->at(0).tries, 1);
  EXPECT_EQ(due->at(0).last_error, "HTTP 503");
  // The clock stepped back an hour after a retry was timed: pulled forward, it is due at once;
  // rows already due stay as they are.
  ASSERT_TRUE(store_->mark_retry(ids->at(4), kMonitorT0 + 3'600'000, "HTTP 503"));
  ASSERT_EQ(store_->due(kMonitorT0 + 1000, 10)->size(), 4u);
  auto pulled = store_->pull_retries_forward(kMonitorT0 + 1000);
  ASSERT_TRUE(pulled) << pulled.error().describe();
  EXPECT_EQ(*pulled, 1);
  ASSERT_EQ(store_->due(kMonitorT0 + 1000, 10)->size(), 5u);
  EXPECT_EQ(*store_->pull_retries_forward(kMonitorT0 + 1000), 0);
  // Not yet due for anyone before the earliest creation.
  due = store_->due(kMonitorT0 - 1, 10);
  ASSERT_TRUE(due);
  EXPECT_TRUE(due->empty());
}

TEST_P(MonitorOutboxSuite, DeliveredAndDeadLettersAndRequeue) {
  auto ids = store_->record_notification(
      {{}, {outbox("webhook", "k1", kMonitorT0), outbox("webhook", "k2", kMonitorT0 + 1)}});
  ASSERT_TRUE(ids);
  ASSERT_TRUE(store_->mark_delivered(ids->at(0), kMonitorT0 + 50));
  // Delivered is final: no retry, no dead letter, no second delivery.
  auto again = store_->mark_delivered(ids->at(0), kMonitorT0 + 60);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("it is delivered"), std::string::npos);
  ASSERT_FALSE(store_->mark_retry(ids->at(0), kMonitorT0, "x"));
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store_->mark_retry(ids->at(1), kMonitorT0 + 100 * (i + 1), "connection refused"));
  }
  const std::string long_error(kMaxTextBytes * 2, 'e');
  ASSERT_TRUE(store_->mark_dead(ids->at(1), long_error));
  auto dead = store_->list_dead(10);
  ASSERT_TRUE(dead);
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ(dead->at(0).idempotency_key, "k2");
  EXPECT_EQ(dead->at(0).tries, 4);
  EXPECT_LE(dead->at(0).last_error.size(), kMaxTextBytes + 3);  // cut, not refused
  auto depth = store_->outbox_depth();
  ASSERT_TRUE(depth);
  EXPECT_EQ(depth->pending, 0);
  EXPECT_EQ(depth->dead, 1);
  auto due = store_->due(kMonitorT0 + 10'000, 10);
  ASSERT_TRUE(due);
  EXPECT_TRUE(due->empty());
  // The CLI puts a dead letter back: due now, tries from zero.
  auto not_dead = store_->requeue_dead(ids->at(0), kMonitorT0 + 20'000);
  ASSERT_FALSE(not_dead);
  EXPECT_EQ(not_dead.error().code, ErrorCode::not_found);
  ASSERT_TRUE(store_->requeue_dead(ids->at(1), kMonitorT0 + 20'000));
  due = store_->due(kMonitorT0 + 20'000, 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->at(0).tries, 0);
  auto unknown = store_->mark_delivered(999'999, kMonitorT0);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
  EXPECT_NE(unknown.error().message.find("no outbox row 999999"), std::string::npos);
}

TEST_P(MonitorOutboxSuite, CursorsAndSchedulerStateSurviveReopening) {
  auto zero = store_->get_cursor("rules");
  ASSERT_TRUE(zero);
  EXPECT_EQ(*zero, 0);
  ASSERT_TRUE(store_->put_cursor("rules", 41));
  ASSERT_TRUE(store_->put_cursor("rules", 42));
  ASSERT_TRUE(store_->put_schedule({"lab", kMonitorT0, kMonitorT0 + 10, R"({"next":"10.0.1.0"})"}));
  auto id1 = store_->enqueue_rescan("127.0.0.7:6379", "deploy pipeline", kMonitorT0);
  auto id2 = store_->enqueue_rescan("127.0.0.8", "cli", kMonitorT0 + 1);
  auto id1b = store_->enqueue_rescan("127.0.0.7:6379", "again", kMonitorT0 + 2);
  ASSERT_TRUE(id1 && id2 && id1b);
  EXPECT_EQ(*id1b, *id1);  // a waiting target is not queued twice
  store_.reset();
  auto reopened = open_monitor_store(location_);
  ASSERT_TRUE(reopened) << reopened.error().describe();
  store_ = std::move(*reopened);
  EXPECT_EQ(*store_->get_cursor("rules"), 42);
  auto sched = store_->get_schedule("lab");
  ASSERT_TRUE(sched && sched->has_value());
  EXPECT_EQ((*sched)->last_sweep_done_ms, kMonitorT0 + 10);
  EXPECT_EQ((*sched)->sweep_cursor, R"({"next":"10.0.1.0"})");
  auto none = store_->get_schedule("other");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(*store_->pending_rescans(), 2);
  auto taken = store_->take_rescans(1, kMonitorT0 + 100);
  ASSERT_TRUE(taken);
  ASSERT_EQ(taken->size(), 1u);
  EXPECT_EQ(taken->at(0).target, "127.0.0.7:6379");
  EXPECT_EQ(taken->at(0).reason, "deploy pipeline");
  EXPECT_EQ(*store_->pending_rescans(), 1);
  taken = store_->take_rescans(10, kMonitorT0 + 200);
  ASSERT_TRUE(taken);
  ASSERT_EQ(taken->size(), 1u);
  EXPECT_EQ(taken->at(0).target, "127.0.0.8");
  EXPECT_EQ(*store_->pending_rescans(), 0);
  // Taken: the same target can be queued again.
  auto id3 = store_->enqueue_rescan("127.0.0.7:6379", "after", kMonitorT0 + 300);
  ASSERT_TRUE(id3);
  EXPECT_NE(*id3, *id1);
  auto bad = store_->enqueue_rescan("", "x", kMonitorT0);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("rescan target is empty"), std::string::npos);

  // A daemon that dies during the scans of the two taken requests: at its next start both wait
  // again, in their order; the one it then finishes is gone for good, the other is taken again.
  ASSERT_TRUE(store_->finish_rescan(*id3));  // still waiting: finishing it changes nothing
  EXPECT_EQ(*store_->pending_rescans(), 1);
  auto requeued = store_->requeue_unfinished_rescans();
  ASSERT_TRUE(requeued);
  EXPECT_EQ(*requeued, 2);
  EXPECT_EQ(*store_->pending_rescans(), 3);
  taken = store_->take_rescans(1, kMonitorT0 + 400);
  ASSERT_TRUE(taken);
  ASSERT_EQ(taken->size(), 1u);
  EXPECT_EQ(taken->at(0).target, "127.0.0.7:6379");
  EXPECT_EQ(taken->at(0).reason, "deploy pipeline");
  ASSERT_TRUE(store_->finish_rescan(taken->at(0).id));
  EXPECT_EQ(*store_->requeue_unfinished_rescans(), 0);
  EXPECT_EQ(*store_->pending_rescans(), 2);
  taken = store_->take_rescans(10, kMonitorT0 + 500);
  ASSERT_TRUE(taken);
  ASSERT_EQ(taken->size(), 2u);
  EXPECT_EQ(taken->at(0).target, "127.0.0.8");
  EXPECT_EQ(taken->at(1).id, *id3);
}

#ifndef LW_CATALOG_BACKEND
#define LW_CATALOG_BACKEND "sqlite"
#endif
INSTANTIATE_TEST_SUITE_P(Backends, MonitorOutboxSuite, ::testing::Values(LW_CATALOG_BACKEND),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace lw::catalog
