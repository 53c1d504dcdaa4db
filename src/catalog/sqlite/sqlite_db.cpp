#include "catalog/sqlite/sqlite_db.h"

#include <sqlite3.h>

#include <limits>
#include <mutex>

namespace lw::catalog {

void SqliteCloser::operator()(sqlite3* db) const noexcept {
  sqlite3_close_v2(db);
}
void SqliteFinalizer::operator()(sqlite3_stmt* stmt) const noexcept {
  sqlite3_finalize(stmt);
}

namespace {

constexpr std::size_t kMaxCachedStatements = 256;

}  // namespace

Error SqliteDb::error(int rc, std::string_view doing) const {
  const int primary = rc & 0xff;
  std::string msg;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    msg = "the catalog is locked by another process (" + std::string(doing) + ")";
  } else if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) {
    msg = "the catalog file is corrupt or not a SQLite database (" + std::string(doing) + ")";
  } else {
    msg = std::string(doing) + ": " + (db_ ? sqlite3_errmsg(db_.get()) : sqlite3_errstr(rc));
  }
  return Error{ErrorCode::database, msg, path_};
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::string& path,
                                                 std::chrono::milliseconds busy_timeout) {
  // Memory statistics take a global mutex on every allocation; the catalog never reads them.
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  SqliteHandle handle(raw);
  if (rc != SQLITE_OK) {
    return fail(
        ErrorCode::database,
        std::string("cannot open the catalog: ") + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)),
        path);
  }
  const auto ms = busy_timeout.count();
  sqlite3_busy_timeout(raw, ms > std::numeric_limits<int>::max() ? std::numeric_limits<int>::max()
                                                                 : static_cast<int>(ms));
  sqlite3_extended_result_codes(raw, 1);
  std::unique_ptr<SqliteDb> db(new SqliteDb(std::move(handle), path));
  // Touching the schema is what reveals a file that is not a database.
  // 8 KiB pages (fewer WAL frames and b-tree levels per row than 4 KiB); ignored for a file
  // that exists already.
  if (auto ok = db->exec_script("PRAGMA page_size=8192; PRAGMA journal_mode=WAL;"); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = db->exec_script(
          "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
          "PRAGMA cache_size=-131072; PRAGMA mmap_size=268435456; PRAGMA wal_autocheckpoint=16384;"
          "PRAGMA journal_size_limit=134217728; PRAGMA analysis_limit=1000;");
      !ok) {
    return tl::unexpected(ok.error());
  }
  return db;
}

Result<void> SqliteDb::exec_script(std::string_view sql) {
  char* err = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string doing = err ? err : "exec";
    sqlite3_free(err);
    return tl::unexpected(error(rc, doing));
  }
  return {};
}

Result<sqlite3_stmt*> SqliteDb::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second.get();
  if (cache_.size() >= kMaxCachedStatements) cache_.clear();
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  SqliteStatement stmt(raw);
  if (rc != SQLITE_OK) return tl::unexpected(error(rc, "prepare"));
  auto* out = stmt.get();
  cache_.emplace(std::string(sql), std::move(stmt));
  return out;
}

Result<sqlite3_stmt*> SqliteDb::bound(std::string_view sql, std::span<const SqlValue> params) {
  auto prepared = prepare(sql);
  if (!prepared) return tl::unexpected(prepared.error());
  sqlite3_stmt* stmt = *prepared;
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int idx = static_cast<int>(i + 1);
    const auto& p = params[i];
    int rc = SQLITE_OK;
    if (const auto* v = std::get_if<std::int64_t>(&p)) {
      rc = sqlite3_bind_int64(stmt, idx, *v);
    } else if (const auto* d = std::get_if<double>(&p)) {
      rc = sqlite3_bind_double(stmt, idx, *d);
    } else if (const auto* s = std::get_if<std::string>(&p)) {
      rc = sqlite3_bind_text64(stmt, idx, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else {
      rc = sqlite3_bind_null(stmt, idx);
    }
    if (rc != SQLITE_OK) return tl::unexpected(error(rc, "bind"));
  }
  return stmt;
}

namespace {

// Column `c` of the current row. One sqlite3_column_value() call (the per-call API takes the
// connection's mutex) and reads of that value, which is valid until the next step on this
// connection's thread.
SqlCell read_column(sqlite3_stmt* stmt, int c) {
  sqlite3_value* v = sqlite3_column_value(stmt, c);
  switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
      return static_cast<std::int64_t>(sqlite3_value_int64(v));
    case SQLITE_FLOAT:
      return sqlite3_value_double(v);
    case SQLITE_NULL:
      return std::monostate{};
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(v));
      const auto len = static_cast<std::size_t>(sqlite3_value_bytes(v));
      return std::string_view(text ? text : "", text ? len : 0);
    }
  }
}

}  // namespace

Result<std::vector<SqlRow>> SqliteDb::query(std::string_view sql,
                                            std::span<const SqlValue> params) {
  std::vector<SqlRow> rows;
  auto ok = for_each_row(sql, params, [&](std::span<const SqlCell> cells) {
    SqlRow& row = rows.emplace_back();
    row.reserve(cells.size());
    for (const auto& cell : cells) {
      if (const auto* text = std::get_if<std::string_view>(&cell)) {
        row.emplace_back(std::string(*text));
      } else if (const auto* i = std::get_if<std::int64_t>(&cell)) {
        row.emplace_back(*i);
      } else if (const auto* d = std::get_if<double>(&cell)) {
        row.emplace_back(*d);
      } else {
        row.emplace_back(std::monostate{});
      }
    }
    return true;
  });
  if (!ok) return tl::unexpected(ok.error());
  return rows;
}

Result<void> SqliteDb::for_each_row(std::string_view sql, std::span<const SqlValue> params,
                                    const std::function<bool(std::span<const SqlCell>)>& row) {
  auto stmt = bound(sql, params);
  if (!stmt) return tl::unexpected(stmt.error());
  std::vector<SqlCell> cells(static_cast<std::size_t>(sqlite3_column_count(*stmt)));
  for (;;) {
    const int rc = sqlite3_step(*stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      auto e = error(rc, "step");
      sqlite3_reset(*stmt);
      return tl::unexpected(std::move(e));
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
      cells[c] = read_column(*stmt, static_cast<int>(c));
    }
    if (!row(cells)) break;
  }
  sqlite3_reset(*stmt);
  return {};
}

Result<std::int64_t> SqliteDb::execute(std::string_view sql, std::span<const SqlValue> params) {
  auto r = query(sql, params);
  if (!r) return tl::unexpected(r.error());
  return static_cast<std::int64_t>(sqlite3_changes64(db_.get()));
}

Result<std::int64_t> SqliteDb::insert(std::string_view sql, std::span<const SqlValue> params) {
  auto r = query(sql, params);
  if (!r) return tl::unexpected(r.error());
  return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.get()));
}

Result<void> SqliteDb::begin() {
  return exec_script("BEGIN IMMEDIATE");
}
Result<void> SqliteDb::commit() {
  return exec_script("COMMIT");
}
void SqliteDb::rollback() noexcept {
  if (!sqlite3_get_autocommit(db_.get())) (void)exec_script("ROLLBACK");
}

}  // namespace lw::catalog
