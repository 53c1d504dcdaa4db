#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "catalog/db.h"

struct pg_conn;
struct pg_result;

namespace lw::catalog {

struct PgConnCloser {
  void operator()(pg_conn* c) const noexcept;
};
struct PgResultCloser {
  void operator()(pg_result* r) const noexcept;
};
using PgConnHandle = std::unique_ptr<pg_conn, PgConnCloser>;
using PgResultHandle = std::unique_ptr<pg_result, PgResultCloser>;

// `?` placeholders become $1, $2, ... (outside quoted literals and identifiers).
std::string number_placeholders(std::string_view sql);

// One libpq connection with named prepared statements; notices an unreachable server so the
// store can reconnect and retry.
class PgDb final : public Db {
 public:
  static Result<std::unique_ptr<PgDb>> connect(std::string url);

  Dialect dialect() const noexcept override { return Dialect::postgres; }
  Result<void> exec_script(std::string_view sql) override;
  Result<std::vector<SqlRow>> query(std::string_view sql,
                                    std::span<const SqlValue> params) override;
  Result<std::int64_t> execute(std::string_view sql, std::span<const SqlValue> params) override;
  Result<std::int64_t> insert(std::string_view sql, std::span<const SqlValue> params) override;
  Result<void> begin() override;
  Result<void> commit() override;
  void rollback() noexcept override;
  bool connection_lost() const noexcept override;
  Result<void> reconnect() override;

 private:
  explicit PgDb(std::string url) : url_(std::move(url)) {}
  Error error(std::string_view doing, pg_result* r) const;
  Result<PgResultHandle> run(std::string_view sql, std::span<const SqlValue> params);
  static Result<PgConnHandle> open(const std::string& url);

  std::string url_;
  PgConnHandle conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  int next_statement_ = 0;
};

}  // namespace lw::catalog
