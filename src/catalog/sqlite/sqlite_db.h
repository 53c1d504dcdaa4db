#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include "catalog/db.h"

struct sqlite3;
struct sqlite3_stmt;

namespace lw::catalog {

struct SqliteCloser {
  void operator()(sqlite3* db) const noexcept;
};
struct SqliteFinalizer {
  void operator()(sqlite3_stmt* stmt) const noexcept;
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;
using SqliteStatement = std::unique_ptr<sqlite3_stmt, SqliteFinalizer>;

// One SQLite connection (WAL, one file) with a cache of prepared statements.
class SqliteDb final : public Db {
 public:
  // Opens or creates `path`; a file that is not a SQLite database is a clear Error.
  static Result<std::unique_ptr<SqliteDb>> open(const std::string& path,
                                                std::chrono::milliseconds busy_timeout);

  Dialect dialect() const noexcept override { return Dialect::sqlite; }
  Result<void> exec_script(std::string_view sql) override;
  Result<std::vector<SqlRow>> query(std::string_view sql,
                                    std::span<const SqlValue> params) override;
  Result<void> for_each_row(std::string_view sql, std::span<const SqlValue> params,
                            const std::function<bool(std::span<const SqlCell>)>& row) override;
  Result<std::int64_t> execute(std::string_view sql, std::span<const SqlValue> params) override;
  Result<std::int64_t> insert(std::string_view sql, std::span<const SqlValue> params) override;
  Result<void> begin() override;
  Result<void> commit() override;
  void rollback() noexcept override;

 private:
  SqliteDb(SqliteHandle db, std::string path) : db_(std::move(db)), path_(std::move(path)) {}
  Error error(int rc, std::string_view doing) const;
  Result<sqlite3_stmt*> prepare(std::string_view sql);
  // The cached statement for `sql`, reset, with `params` bound.
  Result<sqlite3_stmt*> bound(std::string_view sql, std::span<const SqlValue> params);

  SqliteHandle db_;
  std::string path_;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, SqliteStatement, Hash, std::equal_to<>> cache_;
};

}  // namespace lw::catalog
