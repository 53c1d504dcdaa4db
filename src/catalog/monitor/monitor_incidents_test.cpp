// The MonitorStore suite, part two: incidents, remediation proven by a rescan in the catalog,
// MTTD/MTTR, silences, and the upgrade of a catalog made before the monitor tables existed.
#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "catalog/migrations/migrations.h"
#include "catalog/monitor/monitor_test.h"
#include "catalog/schema_test_util.h"

namespace lw::catalog {
namespace {

using testing::kMonitorT0;
using testing::make_record;

constexpr std::int64_t kMinute = 60'000;

class MonitorIncidentSuite : public testing::MonitorTest {
 protected:
  IncidentRow open_incident(const std::string& alert_id, const std::string& severity,
                            std::int64_t now, std::int64_t exposed_since = 0) {
    IncidentTrigger t{{"127.0.0.7", 6379, "tcp"}, "lab", alert_id, severity, exposed_since, now};
    auto r = store_->open_or_join(t);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? *r : IncidentRow{};
  }

  // A scan of 127.0.0.7:6379 with the given verdict, stored in the catalog the monitor reads.
  void scan(const std::string& id, VerdictKind verdict, std::int64_t t) {
    auto c = open_catalog(location_);
    ASSERT_TRUE(c) << c.error().describe();
    ScanInfo s;
    s.id = id;
    s.started_ms = t;
    ASSERT_TRUE((*c)->begin_scan(s));
    auto ok = (*c)->commit_batch(
        id, std::vector<ServiceRecord>{make_record("127.0.0.7", 6379, verdict, t)}, "{}", 0);
    ASSERT_TRUE(ok) << ok.error().describe();
  }

  std::vector<std::string> timeline(std::int64_t id) {
    auto inc = store_->get_incident(id);
    EXPECT_TRUE(inc);
    std::vector<std::string> out;
    if (inc) {
      for (const auto& e : inc->timeline) out.push_back(e.kind);
    }
    return out;
  }
};

TEST_P(MonitorIncidentSuite, LifecycleFromOpenToRemediatedByRescanToClosed) {
  scan("s1", VerdictKind::open, kMonitorT0);
  auto inc = open_incident("a-open", "high", kMonitorT0 + kMinute, kMonitorT0);
  EXPECT_EQ(inc.state, "open");
  EXPECT_EQ(inc.exposed_since_ms, kMonitorT0);
  // A second alert on the same service joins; the severity keeps the highest.
  auto joined = open_incident("a-sensitive", "critical", kMonitorT0 + 2 * kMinute);
  EXPECT_EQ(joined.id, inc.id);
  EXPECT_EQ(joined.severity, "critical");
  EXPECT_EQ(joined.alert_ids, nlohmann::json::array({"a-open", "a-sensitive"}));
  joined = open_incident("a-open", "low", kMonitorT0 + 3 * kMinute);
  EXPECT_EQ(joined.severity, "critical");
  EXPECT_EQ(joined.alert_ids.size(), 2u);

  auto ack = store_->acknowledge(inc.id, "alice", "on it: rotating the Redis password",
                                 kMonitorT0 + 4 * kMinute);
  ASSERT_TRUE(ack) << ack.error().describe();
  EXPECT_EQ(ack->state, "acknowledged");
  EXPECT_EQ(ack->acknowledged_ms, kMonitorT0 + 4 * kMinute);
  auto twice = store_->acknowledge(inc.id, "bob", "", kMonitorT0 + 5 * kMinute);
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("is acknowledged; only an open incident"), std::string::npos)
      << twice.error().message;

  // The rescan still finds it open: no remediation.
  auto still =
      store_->mark_remediated_by_rescan({"127.0.0.7", 6379, "tcp"}, "s1", kMonitorT0 + 6 * kMinute);
  ASSERT_FALSE(still);
  EXPECT_NE(still.error().message.find("still open"), std::string::npos);
  // A scan that never saw the service proves nothing.
  auto unseen = store_->mark_remediated_by_rescan({"127.0.0.7", 6379, "tcp"}, "other-scan",
                                                  kMonitorT0 + 6 * kMinute);
  ASSERT_FALSE(unseen);
  EXPECT_NE(unseen.error().message.find("did not observe 127.0.0.7:6379/tcp"), std::string::npos);

  scan("s2", VerdictKind::auth_required, kMonitorT0 + 7 * kMinute);
  auto fixed =
      store_->mark_remediated_by_rescan({"127.0.0.7", 6379, "tcp"}, "s2", kMonitorT0 + 8 * kMinute);
  ASSERT_TRUE(fixed) << fixed.error().describe();
  EXPECT_EQ(fixed->state, "remediated");
  EXPECT_EQ(fixed->remediated_ms, kMonitorT0 + 8 * kMinute);
  auto again =
      store_->mark_remediated_by_rescan({"127.0.0.7", 6379, "tcp"}, "s2", kMonitorT0 + 9 * kMinute);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::not_found);
  ASSERT_FALSE(store_->acknowledge(inc.id, "alice", "", kMonitorT0 + 9 * kMinute));

  auto closed = store_->close_incident(inc.id, "alice", "", kMonitorT0 + 10 * kMinute);
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->state, "closed");
  auto closed_twice = store_->close_incident(inc.id, "alice", "", kMonitorT0 + 11 * kMinute);
  ASSERT_FALSE(closed_twice);
  auto ack_closed = store_->acknowledge(inc.id, "bob", "", kMonitorT0 + 11 * kMinute);
  ASSERT_FALSE(ack_closed);
  EXPECT_NE(ack_closed.error().message.find("is closed"), std::string::npos);

  auto full = store_->get_incident(inc.id);
  ASSERT_TRUE(full);
  ASSERT_EQ(full->timeline.size(), 6u);
  EXPECT_EQ(timeline(inc.id), (std::vector<std::string>{"opened", "alerted", "alerted",
                                                        "acknowledged", "remediated", "closed"}));
  EXPECT_EQ(full->timeline[3].actor, "alice");
  EXPECT_EQ(full->timeline[3].detail.value("comment", ""), "on it: rotating the Redis password");
  EXPECT_FALSE(full->timeline[5].detail.contains("comment"));  // closed without one
  EXPECT_EQ(full->timeline[4].actor, "rescan");
  EXPECT_EQ(full->timeline[4].detail.value("scan_id", ""), "s2");
  EXPECT_EQ(full->timeline[4].detail.value("verdict", ""), "auth_required");
  EXPECT_EQ(full->last_event_ms, kMonitorT0 + 10 * kMinute);
}

TEST_P(MonitorIncidentSuite, ExposureReturningReopensTheIncident) {
  scan("s1", VerdictKind::open, kMonitorT0);
  auto inc = open_incident("a1", "high", kMonitorT0 + kMinute, kMonitorT0);
  scan("s2", VerdictKind::error, kMonitorT0 + 2 * kMinute);  // port closed: the service is gone
  auto gone =
      store_->mark_remediated_by_rescan({"127.0.0.7", 6379, "tcp"}, "s2", kMonitorT0 + 3 * kMinute);
  ASSERT_TRUE(gone) << gone.error().describe();
  EXPECT_EQ(gone->state, "remediated");
  scan("s3", VerdictKind::open, kMonitorT0 + 10 * kMinute);
  auto again = open_incident("a1", "medium", kMonitorT0 + 11 * kMinute, kMonitorT0 + 10 * kMinute);
  EXPECT_EQ(again.id, inc.id);
  EXPECT_EQ(again.state, "open");
  EXPECT_EQ(again.reopened_count, 1);
  EXPECT_FALSE(again.remediated_ms.has_value());
  EXPECT_EQ(again.exposed_since_ms, kMonitorT0 + 10 * kMinute);
  // Closed by hand, then exposed again: reopened too.
  ASSERT_TRUE(store_->close_incident(inc.id, "bob", "", kMonitorT0 + 12 * kMinute));
  again = open_incident("a1", "medium", kMonitorT0 + 13 * kMinute);
  EXPECT_EQ(again.state, "open");
  EXPECT_EQ(again.reopened_count, 2);
  EXPECT_EQ(timeline(inc.id),
            (std::vector<std::string>{"opened", "remediated", "reopened", "closed", "reopened"}));
  // Another service gets an incident of its own.
  auto other = store_->open_or_join(
      {{"127.0.0.8", 9200, "tcp"}, "lab", "b1", "low", 0, kMonitorT0 + 14 * kMinute});
  ASSERT_TRUE(other);
  EXPECT_NE(other->id, inc.id);
  auto open_list = store_->list_incidents({"open", "lab", 10});
  ASSERT_TRUE(open_list);
  EXPECT_EQ(open_list->size(), 2u);
  auto limited = store_->list_incidents({"", "", 1});
  ASSERT_TRUE(limited);
  ASSERT_EQ(limited->size(), 1u);
  EXPECT_EQ(limited->at(0).id, other->id);  // newest first
}

TEST_P(MonitorIncidentSuite, MttdAndMttrPerAssetFromStoredTimes) {
  scan("s1", VerdictKind::open, kMonitorT0);
  // Seen open at T0, alerted 2 minutes later, remediated 30 minutes after the alert.
  auto inc = open_incident("a1", "high", kMonitorT0 + 2 * kMinute, kMonitorT0);
  scan("s2", VerdictKind::auth_required, kMonitorT0 + 31 * kMinute);
  ASSERT_TRUE(store_->mark_remediated_by_rescan({"127.0.0.7", 6379, "tcp"}, "s2",
                                                kMonitorT0 + 32 * kMinute));
  // Reopened: seen at +60, alerted at +64, remediated at +74.
  scan("s3", VerdictKind::open, kMonitorT0 + 60 * kMinute);
  open_incident("a1", "high", kMonitorT0 + 64 * kMinute, kMonitorT0 + 60 * kMinute);
  scan("s4", VerdictKind::auth_required, kMonitorT0 + 73 * kMinute);
  ASSERT_TRUE(store_->mark_remediated_by_rescan({"127.0.0.7", 6379, "tcp"}, "s4",
                                                kMonitorT0 + 74 * kMinute));
  // Another asset, still open.
  ASSERT_TRUE(store_->open_or_join({{"127.0.0.9", 27017, "tcp"},
                                    "prod",
                                    "c1",
                                    "critical",
                                    kMonitorT0,
                                    kMonitorT0 + 6 * kMinute}));
  auto m = store_->asset_metrics(kMonitorT0, kMonitorT0 + 1000 * kMinute, 1000);
  ASSERT_TRUE(m) << m.error().describe();
  ASSERT_EQ(m->size(), 2u);
  const auto& lab = m->at(0);
  EXPECT_EQ(lab.asset, "lab");
  EXPECT_EQ(lab.exposures, 2);
  EXPECT_EQ(lab.remediated, 2);
  EXPECT_EQ(lab.mttd_ms, 3 * kMinute);   // (2 + 4) / 2
  EXPECT_EQ(lab.mttr_ms, 20 * kMinute);  // (30 + 10) / 2
  EXPECT_EQ(lab.max_exposure_ms, 30 * kMinute);
  const auto& prod = m->at(1);
  EXPECT_EQ(prod.asset, "prod");
  EXPECT_EQ(prod.exposures, 1);
  EXPECT_EQ(prod.remediated, 0);
  EXPECT_EQ(prod.mttd_ms, 6 * kMinute);
  // A window that holds only the second exposure of "lab".
  m = store_->asset_metrics(kMonitorT0 + 63 * kMinute, kMonitorT0 + 65 * kMinute, 1000);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->size(), 1u);
  EXPECT_EQ(m->at(0).mttr_ms, 10 * kMinute);
  // Over the cap: a clear refusal, not a partial answer.
  auto capped = store_->asset_metrics(kMonitorT0, kMonitorT0 + 1000 * kMinute, 2);
  ASSERT_FALSE(capped);
  EXPECT_EQ(capped.error().code, ErrorCode::too_large);
  (void)inc;
}

// Two connections (the daemon's evaluator and its API, say) see one incident per service, and a
// move made on one is refused on the other.
TEST_P(MonitorIncidentSuite, TwoConnectionsShareOneIncidentPerService) {
  auto second = open_monitor_store(location_);
  ASSERT_TRUE(second) << second.error().describe();
  auto first = open_incident("a1", "low", kMonitorT0);
  auto joined = (*second)->open_or_join(
      {{"127.0.0.7", 6379, "tcp"}, "lab", "a2", "high", 0, kMonitorT0 + kMinute});
  ASSERT_TRUE(joined) << joined.error().describe();
  EXPECT_EQ(joined->id, first.id);
  EXPECT_EQ(joined->alert_ids, nlohmann::json::array({"a1", "a2"}));
  ASSERT_TRUE(store_->acknowledge(first.id, "alice", "", kMonitorT0 + 2 * kMinute));
  auto again = (*second)->acknowledge(first.id, "bob", "", kMonitorT0 + 3 * kMinute);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("is acknowledged"), std::string::npos);
  auto all = (*second)->list_incidents({"", "", 10});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 1u);
  EXPECT_EQ(timeline(first.id), (std::vector<std::string>{"opened", "alerted", "acknowledged"}));
}

TEST_P(MonitorIncidentSuite, BadInputIsRefusedWithItsName) {
  auto unknown = store_->acknowledge(424242, "alice", "", kMonitorT0);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
  EXPECT_EQ(unknown.error().message, "no incident 424242");
  ASSERT_FALSE(store_->get_incident(424242));
  ASSERT_FALSE(store_->close_incident(424242, "alice", "", kMonitorT0));
  auto bad_addr = store_->open_or_join({{"not-an-ip", 1, "tcp"}, "", "a", "", 0, kMonitorT0});
  ASSERT_FALSE(bad_addr);
  EXPECT_NE(bad_addr.error().message.find("'not-an-ip' is not an IP address"), std::string::npos);
  auto bad_sev = store_->open_or_join({{"127.0.0.1", 1, "tcp"}, "", "a", "severe", 0, kMonitorT0});
  ASSERT_FALSE(bad_sev);
  EXPECT_NE(bad_sev.error().message.find("unknown severity 'severe'"), std::string::npos);
  auto long_actor = store_->acknowledge(1, std::string(kMaxKeyBytes + 1, 'a'), "", kMonitorT0);
  ASSERT_FALSE(long_actor);
  EXPECT_NE(long_actor.error().message.find("actor is 513 bytes long"), std::string::npos);
  auto long_comment =
      store_->close_incident(1, "alice", std::string(kMaxTextBytes + 1, 'c'), kMonitorT0);
  ASSERT_FALSE(long_comment);
  EXPECT_NE(long_comment.error().message.find("comment is 8193 bytes long"), std::string::npos);
  auto bad_state = store_->list_incidents({"pending", "", 10});
  ASSERT_FALSE(bad_state);
  EXPECT_EQ(bad_state.error().code, ErrorCode::invalid_argument);
  // An IPv6 address in another spelling is the same service.
  auto v6 = store_->open_or_join({{"0:0::1", 5432, "tcp"}, "", "p1", "", 0, kMonitorT0});
  ASSERT_TRUE(v6) << v6.error().describe();
  EXPECT_EQ(v6->address, "::1");
  auto v6b = store_->open_or_join({{"::1", 5432, "tcp"}, "", "p2", "", 0, kMonitorT0 + 1});
  ASSERT_TRUE(v6b);
  EXPECT_EQ(v6b->id, v6->id);
}

TEST_P(MonitorIncidentSuite, SilencesExpire) {
  SilenceRow s{0,
               "lab",
               "127.0.0.7:6379",
               "",
               kMonitorT0,
               kMonitorT0 + 60 * kMinute,
               "alice",
               "maintenance window"};
  auto id = store_->add_silence(s);
  ASSERT_TRUE(id) << id.error().describe();
  SilenceRow short_one{0, "", "", "new_service", kMonitorT0, kMonitorT0 + kMinute, "bob", ""};
  auto id2 = store_->add_silence(short_one);
  ASSERT_TRUE(id2);
  auto active = store_->active_silences(kMonitorT0 + 30'000, 10);
  ASSERT_TRUE(active);
  EXPECT_EQ(active->size(), 2u);
  active = store_->active_silences(kMonitorT0 + kMinute, 10);  // the short one has expired
  ASSERT_TRUE(active);
  ASSERT_EQ(active->size(), 1u);
  EXPECT_EQ(active->at(0).comment, "maintenance window");
  EXPECT_EQ(active->at(0).service, "127.0.0.7:6379");
  ASSERT_TRUE(store_->expire_silence(*id, kMonitorT0 + 2 * kMinute));
  ASSERT_TRUE(store_->expire_silence(*id, kMonitorT0 + 3 * kMinute));  // already expired: no-op
  active = store_->active_silences(kMonitorT0 + 2 * kMinute, 10);
  ASSERT_TRUE(active);
  EXPECT_TRUE(active->empty());
  auto listed = store_->list_silences(false, kMonitorT0 + 2 * kMinute, 10);
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
  listed = store_->list_silences(true, kMonitorT0 + 2 * kMinute, 10);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ(listed->at(0).expires_ms, kMonitorT0 + 2 * kMinute);
  auto missing = store_->expire_silence(999, kMonitorT0);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  SilenceRow backwards{0, "", "", "", kMonitorT0, kMonitorT0, "alice", ""};
  ASSERT_FALSE(store_->add_silence(backwards));
  SilenceRow anonymous{0, "", "", "", kMonitorT0, kMonitorT0 + 1, "", ""};
  auto no_author = store_->add_silence(anonymous);
  ASSERT_FALSE(no_author);
  EXPECT_NE(no_author.error().message.find("author is empty"), std::string::npos);
}

// A catalog made by the previous schema (4, before the monitor tables) upgrades in place:
// its scans stay, the monitor tables appear, and both stores work on it.
TEST_P(MonitorIncidentSuite, CatalogOfVersion4UpgradesInPlace) {
  std::string where =
      GetParam() == "postgres" ? pg_->fresh_database() : (dir_.path() / "v4.db").string();
  {
    auto db = testing::catalog_of_version(GetParam(), where, 4, kMonitorT0);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec_script("INSERT INTO scans (id, status) VALUES ('old', 'done')"));
  }
  auto m = open_monitor_store(where);
  ASSERT_TRUE(m) << m.error().describe();
  auto inc = (*m)->open_or_join({{"127.0.0.7", 6379, "tcp"}, "lab", "a1", "high", 0, kMonitorT0});
  ASSERT_TRUE(inc) << inc.error().describe();
  EXPECT_EQ(inc->id, 1);
  auto c = open_catalog(where);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(*(*c)->schema_version(), latest_schema_version());
  EXPECT_EQ(latest_schema_version(), 6);
  auto old = (*c)->resumable_scan(std::string("old"));
  ASSERT_TRUE(old && old->has_value());
  EXPECT_EQ((*old)->status, ScanStatus::done);
}

#ifndef LW_CATALOG_BACKEND
#define LW_CATALOG_BACKEND "sqlite"
#endif
INSTANTIATE_TEST_SUITE_P(Backends, MonitorIncidentSuite, ::testing::Values(LW_CATALOG_BACKEND),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace lw::catalog
