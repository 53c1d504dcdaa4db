// A PostgreSQL that is unreachable or goes away in the middle of an ingest (the batch is
// retried: nothing lost, nothing doubled). Real servers, started with scripts/pg.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <thread>

#include "catalog/catalog.h"
#include "catalog/catalog_test_util.h"
#include "catalog/sqlite/sqlite_db.h"

namespace lw::catalog {
namespace {

using testing::make_record;
using testing::PgServer;
using testing::TempDir;

constexpr std::int64_t kT0 = 1'790'000'000'000;

std::vector<ServiceRecord> batch(int first, int count) {
  std::vector<ServiceRecord> out;
  for (int i = first; i < first + count; ++i) {
    out.push_back(make_record("10.0." + std::to_string(i / 200) + "." + std::to_string(i % 200),
                              6379, VerdictKind::open, kT0 + i));
  }
  return out;
}

TEST(PostgresFailures, UnreachableServerIsAClearError) {
  auto c = open_catalog("postgresql://leakwatch@127.0.0.1:1/leakwatch");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::database);
  EXPECT_NE(c.error().message.find("cannot connect to PostgreSQL"), std::string::npos);
}

TEST(PostgresFailures, ServerRestartMidIngestRetriesTheBatchOnce) {
  PgServer* pg = nullptr;
  LW_REQUIRE_POSTGRES(pg);
  const auto url = pg->fresh_database();
  ASSERT_FALSE(url.empty());
  CatalogOptions opts;
  opts.reconnect_budget = std::chrono::milliseconds(90'000);
  auto c = open_catalog(url, opts);
  ASSERT_TRUE(c) << c.error().describe();
  ScanInfo s;
  s.id = "s";
  ASSERT_TRUE((*c)->begin_scan(s));
  ASSERT_TRUE((*c)->commit_batch("s", batch(0, 300), R"({"n":300})", 300));

  ASSERT_TRUE(pg->stop());  // the server goes away with our connection open
  Result<void> second;
  std::thread ingest(
      [&] { second = (*c)->commit_batch("s", batch(300, 300), R"({"n":600})", 600); });
  ASSERT_TRUE(pg->start());
  ingest.join();
  ASSERT_TRUE(second) << second.error().describe();

  auto recs = (*c)->scan_records("s");
  ASSERT_TRUE(recs) << recs.error().describe();
  EXPECT_EQ(recs->size(), 600u);
  std::set<std::string> distinct;
  for (const auto& r : *recs) distinct.insert(r.address.to_string());
  EXPECT_EQ(distinct.size(), 600u);
  auto info = (*c)->resumable_scan(std::string("s"));
  ASSERT_TRUE(info && info->has_value());
  EXPECT_EQ((*info)->output_offset, 600u);
  EXPECT_EQ((*info)->checkpoint_json, R"({"n":600})");

  // A restart between batches: the next batch reconnects transparently.
  ASSERT_TRUE(pg->restart());
  ASSERT_TRUE((*c)->commit_batch("s", batch(600, 10), R"({"n":610})", 610));
  EXPECT_EQ((*c)->scan_records("s")->size(), 610u);
}

TEST(PostgresFailures, ServerThatNeverComesBackFailsWithinTheBudget) {
  PgServer* pg = nullptr;
  LW_REQUIRE_POSTGRES(pg);
  const auto url = pg->fresh_database();
  CatalogOptions opts;
  opts.reconnect_budget = std::chrono::milliseconds(1500);
  auto c = open_catalog(url, opts);
  ASSERT_TRUE(c);
  ScanInfo s;
  s.id = "s";
  ASSERT_TRUE((*c)->begin_scan(s));
  ASSERT_TRUE(pg->stop());
  auto r = (*c)->commit_batch("s", batch(0, 5), "{}", 5);
  ASSERT_TRUE(pg->start());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::database);
  EXPECT_NE(r.error().message.find("went away"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace lw::catalog
