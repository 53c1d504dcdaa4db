// Crash safety of record_notification on SQLite: a child process writes notification batches
// (alert state + outbox rows) and is killed with SIGKILL while it writes; afterwards the batch
// it was writing is there whole or not at all, every alert marked notified has its outbox rows
// and every outbox row its alert. The assertions do not depend on when the kill hit, only on the
// transaction; how often it hit inside one is printed.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "catalog/catalog_test_util.h"
#include "catalog/monitor/monitor_store.h"
#include "catalog/sqlite/sqlite_db.h"

namespace lw::catalog {
namespace {

using testing::TempDir;

constexpr std::int64_t kT0 = 1'790'000'000'000;
constexpr int kPerBatch = 200;
constexpr int kMaxBatches = 2000;
constexpr int kTrials = 8;

std::string alert_id(int trial, int batch, int i) {
  return "alert-" + std::to_string(trial) + "-" + std::to_string(batch) + "-" + std::to_string(i);
}

// The child: one batch after another, each alert notified on two channels. Just before each
// record_notification it writes one byte on `entering`, so the parent knows which batch is in
// flight when it kills. Never returns.
[[noreturn]] void write_forever(const std::string& path, int trial, int entering) {
  auto store = open_monitor_store(path);
  if (!store) _exit(3);
  for (int b = 0; b < kMaxBatches; ++b) {
    NotificationBatch batch;
    for (int i = 0; i < kPerBatch; ++i) {
      const auto id = alert_id(trial, b, i);
      AlertRow a;
      a.id = id;
      a.rule = "open_database";
      a.address = "127.0.0.7";
      a.port = 6379;
      a.first_seen_ms = kT0;
      a.last_fired_ms = kT0 + b;
      a.last_notified_ms = kT0 + b;
      a.content_hash = "h";
      a.payload = {{"pad", std::string(512, 'p')}};
      batch.alerts.push_back(a);
      for (const auto* channel : {"webhook", "smtp"}) {
        OutboxRow o;
        o.channel = channel;
        o.idempotency_key = id;
        o.alert_ids = nlohmann::json::array({id});
        o.body = {{"alert", id}, {"pad", std::string(512, 'b')}};
        o.created_ms = kT0 + b;
        o.next_attempt_ms = kT0 + b;
        batch.outbox.push_back(o);
      }
    }
    const char byte = 1;
    if (write(entering, &byte, 1) != 1) _exit(5);
    if (!(*store)->record_notification(batch)) _exit(4);
  }
  _exit(0);
}

// Waits (bounded: 60 s) until the child has entered `count` batches; the number it entered.
int wait_for_batches(int fd, int count) {
  int seen = 0;
  for (int polls = 0; seen < count && polls < 600; ++polls) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[64];
    const auto n = read(fd, buf, static_cast<std::size_t>(std::min(count - seen, 64)));
    if (n <= 0) break;
    seen += static_cast<int>(n);
  }
  return seen;
}

// The bytes left in a pipe whose writers are gone (bounded by kMaxBatches).
int drain(int fd) {
  int n = 0;
  char buf[64];
  for (ssize_t got; n <= kMaxBatches && (got = read(fd, buf, sizeof buf)) > 0;) {
    n += static_cast<int>(got);
  }
  return n;
}

std::int64_t count(Db& db, const std::string& sql, const std::string& like = "") {
  std::vector<SqlValue> params;
  if (!like.empty()) params.emplace_back(like);
  auto v = query_value(db, sql, params);
  EXPECT_TRUE(v) << v.error().describe();
  return v ? as_int(*v) : -1;
}

TEST(MonitorCrash, KilledMidNotificationLeavesBothOrNeither) {
  TempDir dir;
  const auto path = (dir.path() / "catalog.db").string();
  ASSERT_TRUE(open_monitor_store(path));  // created and migrated before the children start
  int in_flight_lost = 0;                 // trials whose batch in flight did not land
  for (int trial = 0; trial < kTrials; ++trial) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      write_forever(path, trial, fds[1]);
    }
    close(fds[1]);
    // Let it commit a batch or two, then kill it a few milliseconds into the next one (a batch
    // takes about 10 ms to write here): most kills land inside the transaction, and whichever
    // moment the kill hits, the checks below hold.
    int entered = wait_for_batches(fds[0], 2 + trial % 2);
    EXPECT_EQ(entered, 2 + trial % 2);
    usleep(static_cast<useconds_t>(1000 * (1 + trial % 6)));
    kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    // The child may have entered another batch between the read and the kill: count the bytes
    // still in the pipe (its write end is closed now, so this ends at EOF).
    entered += drain(fds[0]);
    close(fds[0]);
    EXPECT_TRUE(WIFSIGNALED(status)) << "the writer ended before the kill, status " << status;
    // The batch in flight landed whole or not at all, and so did every earlier one.
    auto db = SqliteDb::open(path, std::chrono::milliseconds(1000));
    ASSERT_TRUE(db) << db.error().describe();
    const auto last = entered - 1;
    const auto prefix = "alert-" + std::to_string(trial) + "-" + std::to_string(last) + "-%";
    const auto alerts = count(**db, "SELECT COUNT(*) FROM monitor_alerts WHERE id LIKE ?", prefix);
    const auto rows =
        count(**db, "SELECT COUNT(*) FROM monitor_outbox WHERE idempotency_key LIKE ?", prefix);
    EXPECT_TRUE((alerts == 0 && rows == 0) || (alerts == kPerBatch && rows == 2 * kPerBatch))
        << "trial " << trial << ": " << alerts << " alerts and " << rows << " outbox rows";
    if (alerts == 0) ++in_flight_lost;
    const auto earlier = count(**db, "SELECT COUNT(*) FROM monitor_alerts WHERE id LIKE ?",
                               "alert-" + std::to_string(trial) + "-%");
    EXPECT_EQ(earlier - alerts, std::int64_t{kPerBatch} * last) << "trial " << trial;
  }
  std::printf(
      "MonitorCrash: %d of %d kills hit the batch in flight before its commit (it rolled "
      "back whole); in the others it had committed whole\n",
      in_flight_lost, kTrials);
  // Every notified alert has both outbox rows; every outbox row has its alert.
  auto db = SqliteDb::open(path, std::chrono::milliseconds(1000));
  ASSERT_TRUE(db) << db.error().describe();
  auto check = (*db)->query("PRAGMA integrity_check", {});
  ASSERT_TRUE(check);
  EXPECT_EQ(as_text(check->at(0).at(0)), "ok");
  EXPECT_EQ(count(**db,
                  "SELECT COUNT(*) FROM monitor_alerts a WHERE a.last_notified_ms IS NOT NULL AND "
                  "(SELECT COUNT(*) FROM monitor_outbox o WHERE o.idempotency_key = a.id) <> 2"),
            0);
  EXPECT_EQ(count(**db,
                  "SELECT COUNT(*) FROM monitor_outbox o WHERE NOT EXISTS "
                  "(SELECT 1 FROM monitor_alerts a WHERE a.id = o.idempotency_key)"),
            0);
  const auto n = count(**db, "SELECT COUNT(*) FROM monitor_alerts");
  EXPECT_GT(n, 0);
  EXPECT_EQ(n % kPerBatch, 0) << "a batch landed in part";
  // The store opens again after the kills and the outbox is readable.
  auto store = open_monitor_store(path);
  ASSERT_TRUE(store) << store.error().describe();
  auto depth = (*store)->outbox_depth();
  ASSERT_TRUE(depth);
  EXPECT_EQ(depth->pending, 2 * n);
}

}  // namespace
}  // namespace lw::catalog
