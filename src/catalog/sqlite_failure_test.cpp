// Bad SQLite databases: a file that is not a database, damaged pages, a locked file.
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

TEST(SqliteFailures, FileThatIsNotADatabaseIsAClearError) {
  TempDir dir;
  const auto path = dir.path() / "catalog.db";
  {
    std::ofstream f(path, std::ios::binary);
    for (int i = 0; i < 4096; ++i) f.put(static_cast<char>((i * 7919) & 0xff));
  }
  auto c = open_catalog(path.string());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::database);
  EXPECT_NE(c.error().message.find("corrupt or not a SQLite database"), std::string::npos)
      << c.error().describe();
  EXPECT_EQ(c.error().where, path.string());
}

TEST(SqliteFailures, DamagedPagesGiveAnErrorNotACrash) {
  TempDir dir;
  const auto path = dir.path() / "catalog.db";
  {
    auto c = open_catalog(path.string());
    ASSERT_TRUE(c);
    ScanInfo s;
    s.id = "s";
    ASSERT_TRUE((*c)->begin_scan(s));
    ASSERT_TRUE((*c)->commit_batch("s", batch(0, 2000), "{}", 0));
  }
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
  {
    std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(4096 * 3);  // past the header: b-tree pages
    for (int i = 0; i < 4096 * 8; ++i) f.put(static_cast<char>(0xA5));
  }
  auto c = open_catalog(path.string());
  bool failed_cleanly = !c && c.error().code == ErrorCode::database;
  if (c) {
    auto r = (*c)->search({"", {"product"}, 100});
    auto recs = (*c)->scan_records("s");
    failed_cleanly = (!r && r.error().code == ErrorCode::database) ||
                     (!recs && recs.error().code == ErrorCode::database);
  }
  EXPECT_TRUE(failed_cleanly);
}

TEST(SqliteFailures, LockedFileIsAClearErrorAfterTheBusyTimeout) {
  TempDir dir;
  const auto path = (dir.path() / "catalog.db").string();
  CatalogOptions opts;
  opts.busy_timeout = std::chrono::milliseconds(100);
  auto c = open_catalog(path, opts);
  ASSERT_TRUE(c);
  ScanInfo s;
  s.id = "s";
  ASSERT_TRUE((*c)->begin_scan(s));
  auto other = SqliteDb::open(path, std::chrono::milliseconds(0));
  ASSERT_TRUE(other);
  ASSERT_TRUE((*other)->exec_script("BEGIN EXCLUSIVE"));
  auto locked = (*c)->commit_batch("s", batch(0, 3), "{}", 0);
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, ErrorCode::database);
  EXPECT_NE(locked.error().message.find("locked"), std::string::npos) << locked.error().message;
  (*other)->rollback();
  // Once the other writer is gone the same batch goes in, once.
  ASSERT_TRUE((*c)->commit_batch("s", batch(0, 3), "{}", 0));
  EXPECT_EQ((*c)->scan_records("s")->size(), 3u);
}

// A batch that fails halfway (here: a trigger refuses one event row, after the services were
// updated) leaves nothing behind, and the writer's cached service state does not remember
// it either: the same batch, retried, derives the same events once.
TEST(SqliteFailures, BatchFailingHalfwayLeavesNeitherRowsNorCachedState) {
  TempDir dir;
  const auto path = (dir.path() / "catalog.db").string();
  auto c = open_catalog(path);
  ASSERT_TRUE(c);
  ScanInfo s;
  s.id = "s";
  ASSERT_TRUE((*c)->begin_scan(s));
  ASSERT_TRUE((*c)->commit_batch(
      "s",
      std::vector<ServiceRecord>{make_record("10.0.0.1", 6379, VerdictKind::open, kT0),
                                 make_record("10.0.0.2", 6379, VerdictKind::auth_required, kT0)},
      "{}", 0));
  auto other = SqliteDb::open(path, std::chrono::milliseconds(1000));
  ASSERT_TRUE(other);
  ASSERT_TRUE((*other)->exec_script(
      "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.kind = 'became_secured' "
      "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"));
  const std::vector<ServiceRecord> second{
      make_record("10.0.0.2", 6379, VerdictKind::open, kT0 + 1),
      make_record("10.0.0.1", 6379, VerdictKind::auth_required, kT0 + 1)};
  ASSERT_FALSE((*c)->commit_batch("s", second, "{}", 1));
  auto events = (*c)->events(0, 100);
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), 3u);
  auto host = (*c)->host("10.0.0.2");
  ASSERT_TRUE(host && host->has_value());
  EXPECT_EQ((*host)->services.at(0).observations, 1);
  ASSERT_TRUE((*other)->exec_script("DROP TRIGGER refuse"));
  ASSERT_TRUE((*c)->commit_batch("s", second, "{}", 1));
  events = (*c)->events(0, 100);
  ASSERT_TRUE(events);
  std::vector<std::string> kinds;
  for (const auto& e : *events) kinds.push_back(e.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"new_service", "became_open", "new_service",
                                             "became_open", "became_secured"}));
}

}  // namespace
}  // namespace lw::catalog
