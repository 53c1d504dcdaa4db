// The monitor store across a PostgreSQL restart (lw_catalog_pg_tests, a real server from
// scripts/pg): the daemon keeps its store open for days, so a restarted server must not leave it
// failing until it is reopened.
#include <gtest/gtest.h>

#include "catalog/catalog_test_util.h"
#include "catalog/monitor/monitor_store.h"

namespace lw::catalog {
namespace {

using testing::PgServer;

constexpr std::int64_t kT0 = 1'790'000'000'000;

TEST(MonitorPostgresFailures, StoreRecoversAfterAServerRestart) {
  PgServer* pg = nullptr;
  LW_REQUIRE_POSTGRES(pg);
  const auto url = pg->fresh_database();
  ASSERT_FALSE(url.empty());
  auto store = open_monitor_store(url);
  ASSERT_TRUE(store) << store.error().describe();
  ASSERT_TRUE((*store)->put_cursor("rules", 7));
  OutboxRow o;
  o.channel = "webhook";
  o.idempotency_key = "a1";
  o.created_ms = kT0;
  o.next_attempt_ms = kT0;
  auto ids = (*store)->record_notification({{}, {o}});
  ASSERT_TRUE(ids) << ids.error().describe();

  // A read is the first call after the restart: it reconnects and answers.
  ASSERT_TRUE(pg->restart());
  auto cursor = (*store)->get_cursor("rules");
  ASSERT_TRUE(cursor) << cursor.error().describe();
  EXPECT_EQ(*cursor, 7);
  auto due = (*store)->due(kT0, 10);
  ASSERT_TRUE(due) << due.error().describe();
  ASSERT_EQ(due->size(), 1u);

  // A write is the first call after the restart: it reconnects and runs its transaction once
  // more (the failure came before the commit, so nothing had landed).
  ASSERT_TRUE(pg->restart());
  auto delivered = (*store)->mark_delivered(ids->at(0), kT0 + 10);
  ASSERT_TRUE(delivered) << delivered.error().describe();
  auto depth = (*store)->outbox_depth();
  ASSERT_TRUE(depth);
  EXPECT_EQ(depth->pending, 0);
  ASSERT_TRUE((*store)->put_cursor("rules", 8));
  EXPECT_EQ(*(*store)->get_cursor("rules"), 8);
}

}  // namespace
}  // namespace lw::catalog
