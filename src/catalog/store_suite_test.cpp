// One suite, run against both backends: SQLite (a temp file) and PostgreSQL (a real server
// started with scripts/pg). PostgreSQL cases skip only when its binaries are absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "catalog/backend_test.h"
#include "catalog/catalog.h"
#include "catalog/migrations/migrations.h"
#include "catalog/schema_test_util.h"
#include "catalog/sql_store.h"

namespace lw::catalog {
namespace {

using testing::make_record;
using testing::PgServer;
using testing::TempDir;

constexpr std::int64_t kDay = 86'400'000;
constexpr std::int64_t kT0 = 1'790'000'000'000;  // 2026-09-21

class StoreSuite : public testing::BackendTest {
 protected:
  StoreSuite() : BackendTest("sub/catalog.db") {}

  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto c = open_catalog(location_, options());
    ASSERT_TRUE(c) << c.error().describe();
    catalog_ = std::move(*c);
  }

  virtual CatalogOptions options() { return {}; }

  void scan(const std::string& id, std::int64_t started) {
    ScanInfo s;
    s.id = id;
    s.config_json = R"({"targets":["127.0.0.1"]})";
    s.started_ms = started;
    ASSERT_TRUE(catalog_->begin_scan(s));
  }

  void ingest(const std::string& scan_id, std::vector<ServiceRecord> records,
              std::string checkpoint = "{}", std::uint64_t offset = 0) {
    auto ok = catalog_->commit_batch(scan_id, records, checkpoint, offset);
    ASSERT_TRUE(ok) << ok.error().describe();
  }

  std::vector<std::string> event_kinds() {
    auto ev = catalog_->events(0, 1000);
    EXPECT_TRUE(ev);
    std::vector<std::string> out;
    for (const auto& e : *ev) out.push_back(e.kind);
    return out;
  }

  std::unique_ptr<Catalog> catalog_;
};

TEST_P(StoreSuite, MigratesToLatestAndReopens) {
  auto v = catalog_->schema_version();
  ASSERT_TRUE(v);
  EXPECT_GE(*v, 1);
  catalog_.reset();
  auto again = open_catalog(location_);
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ(*(*again)->schema_version(), *v);
}

TEST_P(StoreSuite, ScanLifecycleAndResume) {
  scan("s1", kT0);
  scan("s2", kT0 + 1000);
  auto r = catalog_->resumable_scan(std::nullopt);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->id, "s2");
  ASSERT_TRUE(catalog_->set_scan_status("s2", ScanStatus::done, kT0 + 5000));
  r = catalog_->resumable_scan(std::nullopt);
  ASSERT_TRUE(r && r->has_value());
  EXPECT_EQ((*r)->id, "s1");
  EXPECT_EQ((*r)->config_json, R"({"targets":["127.0.0.1"]})");
  auto by_id = catalog_->resumable_scan(std::string("s2"));
  ASSERT_TRUE(by_id && by_id->has_value());
  EXPECT_EQ((*by_id)->status, ScanStatus::done);
  EXPECT_EQ((*by_id)->finished_ms, kT0 + 5000);
  auto missing = catalog_->set_scan_status("nope", ScanStatus::done, 1);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_P(StoreSuite, BatchCommitsRecordsWithCheckpointTogether) {
  scan("s1", kT0);
  ingest("s1",
         {make_record("127.0.0.2", 6379, VerdictKind::open, kT0, 2048),
          make_record("127.0.0.3", 6379, VerdictKind::auth_required, kT0 + 1)},
         R"({"done":2})", 512);
  ingest("s1", {make_record("::1", 11211, VerdictKind::open, kT0 + 2)}, R"({"done":3})", 800);
  auto s = catalog_->resumable_scan(std::string("s1"));
  ASSERT_TRUE(s && s->has_value());
  EXPECT_EQ((*s)->checkpoint_json, R"({"done":3})");
  EXPECT_EQ((*s)->output_offset, 800u);
  auto recs = catalog_->scan_records("s1");
  ASSERT_TRUE(recs) << recs.error().describe();
  ASSERT_EQ(recs->size(), 3u);
  EXPECT_EQ((*recs)[0].address.to_string(), "127.0.0.2");
  EXPECT_EQ((*recs)[0].time_ms, kT0);
  EXPECT_EQ((*recs)[0].data_bytes, 2048u);
  EXPECT_EQ((*recs)[0].scan_id, "s1");
  EXPECT_EQ((*recs)[1].verdict.kind, VerdictKind::auth_required);
  EXPECT_EQ((*recs)[2].address.to_string(), "::1");
  EXPECT_EQ((*recs)[2].port, 11211);
}

TEST_P(StoreSuite, FailedBatchLeavesNothingBehind) {
  scan("s1", kT0);
  ingest("s1", {make_record("127.0.0.2", 6379, VerdictKind::open, kT0)}, R"({"n":1})", 10);
  // A batch for an unknown scan fails as a whole.
  auto bad = catalog_->commit_batch(
      "ghost", std::vector<ServiceRecord>{make_record("127.0.0.9", 1, VerdictKind::open, kT0)},
      "{}", 0);
  ASSERT_FALSE(bad);
  auto all = catalog_->search({});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total, 1);
  auto s = catalog_->resumable_scan(std::string("s1"));
  EXPECT_EQ((*s)->output_offset, 10u);
}

TEST_P(StoreSuite, ServiceHistoryAndEventsFromConsecutiveObservations) {
  scan("s1", kT0);
  const auto ip = "127.0.0.5";
  ingest("s1", {make_record(ip, 6379, VerdictKind::auth_required, kT0, 10 << 20)});
  ingest("s1", {make_record(ip, 6379, VerdictKind::open, kT0 + kDay, 10 << 20)});
  ingest("s1", {make_record(ip, 6379, VerdictKind::open, kT0 + 2 * kDay, 30 << 20, {"email"})});
  ingest("s1", {make_record(ip, 6379, VerdictKind::auth_required, kT0 + 3 * kDay, 30 << 20)});
  ingest("s1", {make_record(ip, 6379, VerdictKind::error, kT0 + 4 * kDay)});
  ingest("s1", {make_record(ip, 6379, VerdictKind::auth_required, kT0 + 5 * kDay, 1 << 20)});
  EXPECT_EQ(event_kinds(), (std::vector<std::string>{
                               "new_service", "became_open", "data_grew", "new_category",
                               "became_secured", "service_gone", "new_service", "data_shrank"}));
  auto h = catalog_->history(ip, 6379);
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 6u);
  EXPECT_EQ((*h)[1].verdict, "open");
  // The newest two, newest first, equal to the history's last two.
  auto latest = catalog_->latest_observations(ip, 6379, "tcp", 2);
  ASSERT_TRUE(latest) << latest.error().describe();
  ASSERT_EQ(latest->size(), 2u);
  EXPECT_EQ((*latest)[0].id, (*h)[5].id);
  EXPECT_EQ((*latest)[1].id, (*h)[4].id);
  EXPECT_EQ((*latest)[1].verdict, "error");
  EXPECT_TRUE(catalog_->latest_observations(ip, 6379, "udp", 2)->empty());
  EXPECT_EQ(catalog_->latest_observations(ip, 6379, "tcp", 1000)->size(), 6u);  // capped at 16
  auto host = catalog_->host(ip);
  ASSERT_TRUE(host && host->has_value());
  ASSERT_EQ((*host)->services.size(), 1u);
  const auto& svc = (*host)->services[0];
  EXPECT_EQ(svc.first_seen_ms, kT0);
  EXPECT_EQ(svc.last_seen_ms, kT0 + 5 * kDay);
  EXPECT_FALSE(svc.open_since_ms.has_value());
  EXPECT_EQ(svc.observations, 6);
  EXPECT_EQ(svc.categories, std::vector<std::string>{"email"});
  EXPECT_EQ((*host)->timeline.size(), 8u);
}

// The REST API's reads: a service by its id, and events in keyset pages by id.
TEST_P(StoreSuite, ServiceByIdAndEventsAfterAnId) {
  scan("s1", kT0);
  ingest("s1", {make_record("127.0.0.5", 6379, VerdictKind::auth_required, kT0, 10 << 20),
                make_record("127.0.0.6", 9200, VerdictKind::open, kT0, 1 << 20)});
  ingest("s1", {make_record("127.0.0.5", 6379, VerdictKind::open, kT0 + kDay, 10 << 20)});
  auto host = catalog_->host("127.0.0.5");
  ASSERT_TRUE(host && host->has_value());
  const auto id = (*host)->services.at(0).id;
  auto svc = catalog_->service(id);
  ASSERT_TRUE(svc) << svc.error().describe();
  ASSERT_TRUE(svc->has_value());
  EXPECT_EQ((*svc)->address, "127.0.0.5");
  EXPECT_EQ((*svc)->port, 6379);
  EXPECT_EQ((*svc)->verdict, "open");
  auto none = catalog_->service(id + 1000);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());

  auto all = catalog_->events(0, 1000);
  ASSERT_TRUE(all);
  ASSERT_GE(all->size(), 3u);
  auto first = catalog_->events_after(0, 2);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 2u);
  auto rest = catalog_->events_after(first->back().id, 1000);
  ASSERT_TRUE(rest);
  EXPECT_EQ(first->size() + rest->size(), all->size());
  for (const auto& e : *rest) EXPECT_GT(e.id, first->back().id);
}

TEST_P(StoreSuite, OpenSinceTracksTheStartOfAnExposure) {
  scan("s1", kT0);
  ingest("s1", {make_record("127.0.0.6", 9200, VerdictKind::open, kT0)});
  ingest("s1", {make_record("127.0.0.6", 9200, VerdictKind::open, kT0 + kDay)});
  auto r = catalog_->search({"port:9200", {}, 10});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->services.size(), 1u);
  EXPECT_EQ(r->services[0].open_since_ms, kT0);
}

TEST_P(StoreSuite, SearchFiltersAndFacets) {
  scan("s1", kT0);
  auto a =
      make_record("10.1.2.3", 9200, VerdictKind::open, kT0, std::uint64_t{2} << 30, {"government"});
  a.product = "Elasticsearch";
  a.probe = "elasticsearch";
  a.severity = "critical";
  auto b = make_record("10.1.2.4", 6379, VerdictKind::auth_required, kT0 + kDay);
  auto c = make_record("192.168.7.1", 6379, VerdictKind::open, kT0 + 2 * kDay, 100);
  c.host_name = "cache.example.org";
  c.compromised = true;
  c.compromise_note = "key db0/READ_ME (string): pay to 1Lw9...[bitcoin address]";
  ingest("s1", {a, b, c});
  ASSERT_TRUE(catalog_->tag_host("10.1.2.4", {"team-a"}, {}));

  auto count = [&](const std::string& q) {
    auto r = catalog_->search({q, {}, 100});
    EXPECT_TRUE(r) << q << ": " << r.error().describe();
    return r ? r->total : -1;
  };
  EXPECT_EQ(count(""), 3);
  EXPECT_EQ(count("port:6379"), 2);
  EXPECT_EQ(count("port:6379,9200"), 3);
  EXPECT_EQ(count("product:elasticsearch"), 1);
  EXPECT_EQ(count("verdict:open"), 2);
  EXPECT_EQ(count("-verdict:open"), 1);
  EXPECT_EQ(count("net:10.0.0.0/8"), 2);
  EXPECT_EQ(count("net:10.1.2.4/32"), 1);
  EXPECT_EQ(count("ip:192.168.7.1"), 1);
  EXPECT_EQ(count("severity:critical"), 1);
  EXPECT_EQ(count("category:government"), 1);
  EXPECT_EQ(count("tag:team-a"), 1);
  EXPECT_EQ(count("compromised:true"), 1);
  EXPECT_EQ(count("compromised:false"), 2);
  EXPECT_EQ(count("compromised:true port:6379"), 1);
  EXPECT_FALSE(catalog_->search({"compromised:maybe", {}, 10}));
  EXPECT_EQ(count("size:>1GB"), 1);
  EXPECT_EQ(count("size:<1KB"), 1);
  EXPECT_EQ(count("first_seen:>2026-09-21"), 2);
  EXPECT_EQ(count("first_seen:2026-09-22"), 1);
  EXPECT_EQ(count("hostname:example"), 1);
  EXPECT_EQ(count("redis"), 2);
  EXPECT_EQ(count("\"cache.example\""), 1);
  EXPECT_EQ(count("verdict:open -net:192.168.0.0/16 port:9200"), 1);

  auto f = catalog_->search({"", {"product", "verdict", "port", "category", "tag"}, 0});
  ASSERT_TRUE(f) << f.error().describe();
  ASSERT_EQ(f->facets.size(), 5u);
  EXPECT_EQ(f->facets[0].counts[0], (std::pair<std::string, std::int64_t>{"Redis", 2}));
  EXPECT_EQ(f->facets[1].counts[0], (std::pair<std::string, std::int64_t>{"open", 2}));
  EXPECT_EQ(f->facets[2].counts[0], (std::pair<std::string, std::int64_t>{"6379", 2}));
  // government (a) and compromised (c): a compromised service carries that category.
  EXPECT_EQ(f->facets[3].counts.size(), 2u);
  EXPECT_EQ(f->facets[4].counts[0].first, "team-a");
}

TEST_P(StoreSuite, HostileValuesCannotChangeTheQuery) {
  scan("s1", kT0);
  ingest("s1", {make_record("127.0.0.2", 6379, VerdictKind::open, kT0)});
  for (const std::string q :
       {R"(product:"x' OR '1'='1")", R"(product:"redis'; DROP TABLE services; --")",
        R"("' OR 1=1 --")", R"(tag:"a'/*")", R"(hostname:"%")", R"(category:"*/ OR 1=1")"}) {
    auto r = catalog_->search({q, {"product"}, 10});
    ASSERT_TRUE(r) << q << ": " << r.error().describe();
    EXPECT_EQ(r->total, 0) << q;
  }
  auto all = catalog_->search({"", {}, 10});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total, 1);  // the table is still there and intact
}

TEST_P(StoreSuite, RetentionKeepsFirstLastAndEvents) {
  scan("s1", kT0);
  for (int i = 0; i < 6; ++i) {
    ingest("s1",
           {make_record("127.0.0.7", 27017, i % 2 ? VerdictKind::open : VerdictKind::auth_required,
                        kT0 + i * kDay)});
  }
  ingest("s1", {make_record("127.0.0.8", 27017, VerdictKind::open, kT0)});
  const auto events_before = event_kinds();
  auto p = catalog_->prune(kT0 + 10 * kDay);  // everything is older than this
  ASSERT_TRUE(p) << p.error().describe();
  EXPECT_EQ(p->observations_deleted, 4);
  EXPECT_EQ(p->observations_kept, 3);
  auto h = catalog_->history("127.0.0.7", 27017);
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].time_ms, kT0);
  EXPECT_EQ((*h)[1].time_ms, kT0 + 5 * kDay);
  EXPECT_EQ(event_kinds(), events_before);
  auto again = catalog_->prune(kT0 + 10 * kDay);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->observations_deleted, 0);
}

TEST_P(StoreSuite, ExportStreamsEveryRow) {
  scan("s1", kT0);
  std::vector<ServiceRecord> batch;
  for (int i = 0; i < 2500; ++i) {
    batch.push_back(make_record("10.9." + std::to_string(i / 250) + "." + std::to_string(i % 250),
                                6379, VerdictKind::open, kT0 + i));
  }
  ingest("s1", batch);
  std::int64_t services = 0, observations = 0, events = 0;
  ASSERT_TRUE(catalog_->each_service([&](const ServiceRow&) { return ++services, true; }));
  ASSERT_TRUE(
      catalog_->each_observation([&](const ObservationRow&) { return ++observations, true; }));
  ASSERT_TRUE(catalog_->each_event([&](const EventRow&) { return ++events, true; }));
  EXPECT_EQ(services, 2500);
  EXPECT_EQ(observations, 2500);
  EXPECT_EQ(events, 5000);  // new_service + became_open each
}

TEST_P(StoreSuite, BadAddressesAndTagsAreClearErrors) {
  EXPECT_EQ(catalog_->host("not-an-ip").error().code, ErrorCode::invalid_argument);
  auto none = catalog_->host("127.0.0.1");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(catalog_->tag_host("127.0.0.1", {"x"}, {}).error().code, ErrorCode::not_found);
  EXPECT_EQ(catalog_->tag_host("127.0.0.1", {"bad tag"}, {}).error().code,
            ErrorCode::invalid_argument);
}

// Two writers on one catalog: each connection caches service state, and the other's writes
// must be noticed (each batch checks the catalog's ingest generation), never overwritten.
TEST_P(StoreSuite, TwoWritersInterleaveWithoutLosingState) {
  scan("s1", kT0);
  auto other = open_catalog(location_, options());
  ASSERT_TRUE(other) << other.error().describe();
  const auto ip = "127.0.0.9";
  ingest("s1", {make_record(ip, 6379, VerdictKind::auth_required, kT0)});
  ASSERT_TRUE((*other)->commit_batch(
      "s1", std::vector<ServiceRecord>{make_record(ip, 6379, VerdictKind::open, kT0 + kDay)}, "{}",
      0));
  ingest("s1", {make_record(ip, 6379, VerdictKind::auth_required, kT0 + 2 * kDay)});
  EXPECT_EQ(event_kinds(),
            (std::vector<std::string>{"new_service", "became_open", "became_secured"}));
  auto host = catalog_->host(ip);
  ASSERT_TRUE(host && host->has_value());
  EXPECT_EQ((*host)->services.at(0).observations, 3);
  EXPECT_EQ((*host)->services.at(0).verdict, "auth_required");
}

// What the ingest cache of a store has read from the tables.
CacheStats cache_stats(const Catalog& c) {
  const auto* sql = dynamic_cast<const SqlStore*>(&c);
  EXPECT_NE(sql, nullptr);
  return sql ? sql->cache_stats() : CacheStats{};
}

// The cache is filled on demand, but another writer's batch between two of ours still drops
// it (the generation moved), and the next batch reads the services it touches again.
TEST_P(StoreSuite, AnotherWritersBatchDropsTheCacheAndTouchedServicesAreReadAgain) {
  scan("s1", kT0);
  const auto a = "127.0.2.1", b = "127.0.2.2", c = "127.0.2.3";
  ingest("s1", {make_record(a, 6379, VerdictKind::auth_required, kT0),
                make_record(b, 6379, VerdictKind::auth_required, kT0, {}, {"email"}),
                make_record(c, 6379, VerdictKind::auth_required, kT0)});
  const auto first = cache_stats(*catalog_);
  EXPECT_EQ(first.queries, 0u);  // the catalog was empty: nothing to look up
  ingest("s1", {make_record(a, 6379, VerdictKind::auth_required, kT0 + kDay)});
  EXPECT_EQ(cache_stats(*catalog_).queries, 0u);  // our own generation: the cache is valid
  auto other = open_catalog(location_, options());
  ASSERT_TRUE(other) << other.error().describe();
  ASSERT_TRUE((*other)->commit_batch(
      "s1", std::vector<ServiceRecord>{make_record(a, 6379, VerdictKind::open, kT0 + 2 * kDay)},
      "{}", 0));
  ingest("s1", {make_record(a, 6379, VerdictKind::auth_required, kT0 + 3 * kDay),
                make_record(b, 6379, VerdictKind::auth_required, kT0 + 3 * kDay, {}, {"email"})});
  const auto after = cache_stats(*catalog_);
  EXPECT_EQ(after.drops, first.drops + 1);
  EXPECT_EQ(after.hosts_loaded, 2u);
  EXPECT_EQ(after.services_loaded, 2u);
  EXPECT_EQ(event_kinds(),
            (std::vector<std::string>{"new_service", "new_service", "new_category", "new_service",
                                      "became_open", "became_secured"}));
  auto host = catalog_->host(a);
  ASSERT_TRUE(host && host->has_value());
  EXPECT_EQ((*host)->services.at(0).observations, 4);
}

// A new connection on a catalog of 2,000 services reads only the hosts and services its batch
// touches (not the whole catalog), derives their events from the stored state, and keeps what
// it read for the next batch.
TEST_P(StoreSuite, BatchOnALargeCatalogReadsOnlyWhatItTouches) {
  scan("s1", kT0);
  auto ip = [](int i) { return "10.9." + std::to_string(i / 250) + "." + std::to_string(i % 250); };
  std::vector<ServiceRecord> all;
  for (int i = 0; i < 2000; ++i) {
    all.push_back(i < 10 ? make_record(ip(i), 6379, VerdictKind::open, kT0, 10 << 20, {"email"})
                         : make_record(ip(i), 6379, VerdictKind::auth_required, kT0));
  }
  ingest("s1", all);
  auto reopened = open_catalog(location_, options());
  ASSERT_TRUE(reopened) << reopened.error().describe();
  catalog_ = std::move(*reopened);
  std::vector<ServiceRecord> batch;
  for (int i = 0; i < 10; ++i) {  // known services: secured, or grown with a new category
    batch.push_back(i < 5 ? make_record(ip(i), 6379, VerdictKind::auth_required, kT0 + kDay)
                          : make_record(ip(i), 6379, VerdictKind::open, kT0 + kDay, 40 << 20,
                                        {"email", "health"}));
  }
  for (int i = 10; i < 13; ++i)  // a new port on a known host
    batch.push_back(make_record(ip(i), 6380, VerdictKind::open, kT0 + kDay));
  for (int i = 0; i < 2; ++i)  // a new host
    batch.push_back(make_record("10.8.0." + std::to_string(i), 6379, VerdictKind::open, kT0));
  batch.push_back(batch.front());  // the same service twice in a batch
  batch.back().time_ms += 1;
  ingest("s1", batch);
  const auto stats = cache_stats(*catalog_);
  EXPECT_EQ(stats.hosts_loaded, 13u);
  EXPECT_EQ(stats.services_loaded, 10u);
  EXPECT_LE(stats.queries, 3u);  // hosts, services, categories: one chunk each
  auto ev = catalog_->events(0, 10000);
  ASSERT_TRUE(ev);
  std::map<std::string, int> kinds;
  for (const auto& e : *ev) {
    if (e.time_ms > kT0 || e.address.rfind("10.8.", 0) == 0) kinds[e.kind] += 1;
  }
  EXPECT_EQ(kinds, (std::map<std::string, int>{{"became_secured", 5},
                                               {"data_grew", 5},
                                               {"new_category", 5},
                                               {"new_service", 5},
                                               {"became_open", 5}}));
  // The next batch on the same services reads nothing.
  for (auto& r : batch) r.time_ms += kDay;
  ingest("s1", batch);
  const auto again = cache_stats(*catalog_);
  EXPECT_EQ(again.queries, stats.queries);
  EXPECT_EQ(again.services_loaded, stats.services_loaded);
  auto host = catalog_->host(ip(0));
  ASSERT_TRUE(host && host->has_value());
  EXPECT_EQ((*host)->services.at(0).observations, 5);  // 1 + 2 per batch
}

// "Gone" needs a later scan that covered the service and found its port closed; a scan that
// did not cover it, or a service that answered and then failed, is not gone. Across batches,
// scans and a reopened catalog (the service cache rebuilt from the tables).
TEST_P(StoreSuite, GoneOnlyWhenALaterScanFoundThePortClosed) {
  const auto a = "127.0.1.1", b = "127.0.1.2";
  auto failed = [](const std::string& ip, std::int64_t t) {
    auto r = make_record(ip, 6379, VerdictKind::error, t);
    r.outcome = Outcome::timeout;
    r.attempts = {"redis"};  // it connected, then the dialogue timed out
    return r;
  };
  scan("s1", kT0);
  ingest("s1", {make_record(a, 6379, VerdictKind::open, kT0),
                make_record(b, 6379, VerdictKind::auth_required, kT0)});
  scan("s2", kT0 + kDay);  // covers only a
  ingest("s2", {make_record(a, 6379, VerdictKind::open, kT0 + kDay)});
  scan("s3", kT0 + 2 * kDay);
  ingest("s3", {make_record(a, 6379, VerdictKind::error, kT0 + 2 * kDay),  // refused: closed
                failed(b, kT0 + 2 * kDay)});
  EXPECT_EQ(event_kinds(), (std::vector<std::string>{"new_service", "became_open", "new_service",
                                                     "service_gone"}));
  auto reopened = open_catalog(location_, options());
  ASSERT_TRUE(reopened) << reopened.error().describe();
  catalog_ = std::move(*reopened);
  scan("s4", kT0 + 3 * kDay);
  ingest("s4",
         {make_record(a, 6379, VerdictKind::open, kT0 + 3 * kDay), failed(b, kT0 + 3 * kDay)});
  ingest("s4", {make_record(b, 6379, VerdictKind::open, kT0 + 4 * kDay)});
  EXPECT_EQ(event_kinds(),
            (std::vector<std::string>{"new_service", "became_open", "new_service", "service_gone",
                                      "new_service", "became_open", "became_open"}));
  auto hb = catalog_->host(b);
  ASSERT_TRUE(hb && hb->has_value());
  EXPECT_EQ((*hb)->services.at(0).verdict, "open");
  EXPECT_EQ((*hb)->services.at(0).observations, 4);
  EXPECT_EQ((*hb)->services.at(0).open_since_ms, kT0 + 4 * kDay);
}

// A catalog written by the previous version (schema 2, whole record documents) opens,
// upgrades to the latest schema, and its rows search, read and ingest as before.
TEST_P(StoreSuite, CatalogOfVersion2UpgradesInPlace) {
  std::string where =
      GetParam() == "postgres" ? pg_->fresh_database() : (dir_.path() / "v2.db").string();
  {
    auto db = testing::catalog_of_version(GetParam(), where, 2, kT0);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec_script(
        "INSERT INTO scans (id, status) VALUES ('old', 'done');"
        "INSERT INTO hosts (id, address, addr_key, first_seen_ms, last_seen_ms) "
        "VALUES (1, '10.1.2.3', '40a010203', 1790000000000, 1790000000000);"
        "INSERT INTO services (id, host_id, port, transport, protocol, product, version, "
        "verdict, outcome, severity, data_bytes, first_seen_ms, last_seen_ms, open_since_ms, "
        "last_observation_id, observations) VALUES (1, 1, 9200, 'tcp', 'elasticsearch', "
        "'Elasticsearch', '8.1', 'open', 'success', 'high', 3221225472, 1790000000000, "
        "1790000000000, 1790000000000, 1, 1);"
        "INSERT INTO service_categories (service_id, category, first_seen_ms) "
        "VALUES (1, 'email', 1790000000000);"
        "INSERT INTO observations (id, service_id, scan_id, time_ms, verdict, outcome, product, "
        "version, severity, data_bytes, categories, record_json) VALUES (1, 1, 'old', "
        "1790000000000, 'open', 'success', 'Elasticsearch', '8.1', 'high', 3221225472, "
        "'[\"email\"]', '{\"schema\":1,\"scan_id\":\"old\",\"ip\":\"10.1.2.3\",\"port\":9200,"
        "\"probe\":\"elasticsearch\",\"verdict\":\"open\",\"reason\":\"read an "
        "index\",\"data_bytes\":3221225472}');"));
    if (GetParam() == "postgres") {  // the rows above named their ids; move the sequences on
      for (const auto* t : {"hosts", "services", "observations"}) {
        ASSERT_TRUE(db->exec_script(std::string("SELECT setval(pg_get_serial_sequence('") + t +
                                    "', 'id'), 1)"));
      }
    }
  }
  auto c = open_catalog(where, options());
  ASSERT_TRUE(c) << c.error().describe();
  auto version = (*c)->schema_version();
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, latest_schema_version());
  for (const auto* q : {"net:10.1.0.0/16", "ip:10.1.2.3", "size:>2GB", "category:email"}) {
    auto r = (*c)->search({q, {"product"}, 10});
    ASSERT_TRUE(r) << q << ": " << r.error().describe();
    EXPECT_EQ(r->total, 1) << q;
  }
  auto h = (*c)->history("10.1.2.3", 9200);
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 1u);
  EXPECT_EQ(h->at(0).record.value("reason", ""), "read an index");
  EXPECT_EQ(h->at(0).record.value("ip", ""), "10.1.2.3");
  // Ingest continues from the stored state: open before, secured now.
  ScanInfo s;
  s.id = "new";
  ASSERT_TRUE((*c)->begin_scan(s));
  auto r = make_record("10.1.2.3", 9200, VerdictKind::auth_required, kT0 + kDay);
  r.transport = Transport::tcp;
  auto ok = (*c)->commit_batch("new", std::vector<ServiceRecord>{r}, "{}", 0);
  ASSERT_TRUE(ok) << ok.error().describe();
  auto ev = (*c)->events(0, 100);
  ASSERT_TRUE(ev);
  ASSERT_EQ(ev->size(), 1u);
  EXPECT_EQ(ev->at(0).kind, "became_secured");
}

// Compiled twice: lw_catalog_tests runs it on SQLite, lw_catalog_pg_tests on PostgreSQL.
#ifndef LW_CATALOG_BACKEND
#define LW_CATALOG_BACKEND "sqlite"
#endif
INSTANTIATE_TEST_SUITE_P(Backends, StoreSuite, ::testing::Values(LW_CATALOG_BACKEND),
                         [](const auto& p) { return p.param; });

// The same event sequences when the catalog is "too large" to cache: every service a batch
// touches is read from the tables (and then remembered until the next batch's checks).
class UncachedStoreSuite : public StoreSuite {
 protected:
  CatalogOptions options() override {
    CatalogOptions o;
    o.max_cached_services = 0;
    return o;
  }
};

TEST_P(UncachedStoreSuite, EventsFromConsecutiveObservations) {
  scan("s1", kT0);
  const auto ip = "127.0.0.5";
  ingest("s1", {make_record(ip, 6379, VerdictKind::auth_required, kT0, 10 << 20),
                make_record("127.0.0.6", 6379, VerdictKind::open, kT0)});
  ingest("s1", {make_record(ip, 6379, VerdictKind::open, kT0 + kDay, 10 << 20)});
  ingest("s1", {make_record(ip, 6379, VerdictKind::open, kT0 + 2 * kDay, 30 << 20, {"email"})});
  auto other = open_catalog(location_, options());  // another writer in between
  ASSERT_TRUE(other);
  ASSERT_TRUE(
      (*other)->commit_batch("s1",
                             std::vector<ServiceRecord>{make_record(
                                 ip, 6379, VerdictKind::auth_required, kT0 + 3 * kDay, 30 << 20)},
                             "{}", 0));
  ingest("s1", {make_record(ip, 6379, VerdictKind::error, kT0 + 4 * kDay),
                make_record("127.0.0.6", 6379, VerdictKind::open, kT0 + 4 * kDay)});
  ingest("s1",
         {make_record(ip, 6379, VerdictKind::auth_required, kT0 + 5 * kDay, 1 << 20, {"email"})});
  EXPECT_EQ(event_kinds(),
            (std::vector<std::string>{"new_service", "new_service", "became_open", "became_open",
                                      "data_grew", "new_category", "became_secured", "service_gone",
                                      "new_service", "data_shrank"}));
  auto host = catalog_->host(ip);
  ASSERT_TRUE(host && host->has_value());
  EXPECT_EQ((*host)->services.at(0).observations, 6);
  EXPECT_EQ((*host)->services.at(0).categories, std::vector<std::string>{"email"});
}

INSTANTIATE_TEST_SUITE_P(Backends, UncachedStoreSuite, ::testing::Values(LW_CATALOG_BACKEND),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace lw::catalog
