#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace lw::catalog {

// A value bound to or read from a statement. Every value from outside the catalog reaches SQL
// only as one of these parameters, never spliced into the text.
using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;
using SqlRow = std::vector<SqlValue>;
// A value of a row being streamed (Db::for_each_row): text is a view into the driver's buffer,
// valid only during the callback.
using SqlCell = std::variant<std::monostate, std::int64_t, double, std::string_view>;

enum class Dialect { sqlite, postgres };

// The thin connection interface both backends implement. SQL text uses `?` placeholders; the
// PostgreSQL adapter numbers them. Statements are prepared once per connection and cached.
class Db {
 public:
  virtual ~Db() = default;
  virtual Dialect dialect() const noexcept = 0;
  // Several statements without parameters (migrations).
  virtual Result<void> exec_script(std::string_view sql) = 0;
  virtual Result<std::vector<SqlRow>> query(std::string_view sql,
                                            std::span<const SqlValue> params) = 0;
  // Hands each row to `row` as it is read, without collecting them: the values are valid only
  // during the call, `row` must not use this Db, and returns false to stop. The default
  // collects the rows through query() first.
  virtual Result<void> for_each_row(std::string_view sql, std::span<const SqlValue> params,
                                    const std::function<bool(std::span<const SqlCell>)>& row);
  // An INSERT, UPDATE or DELETE: the number of rows it changed.
  virtual Result<std::int64_t> execute(std::string_view sql, std::span<const SqlValue> params) = 0;
  // An INSERT of one row (no RETURNING clause): the new row's `id`.
  virtual Result<std::int64_t> insert(std::string_view sql, std::span<const SqlValue> params) = 0;
  virtual Result<void> begin() = 0;
  virtual Result<void> commit() = 0;
  virtual void rollback() noexcept = 0;
  // True when the last failure means the connection itself is gone (PostgreSQL).
  virtual bool connection_lost() const noexcept { return false; }
  virtual Result<void> reconnect() { return {}; }
};

// Accessors that tolerate the type a backend chose for a column.
std::int64_t as_int(const SqlValue&) noexcept;
double as_double(const SqlValue&) noexcept;
std::string as_text(const SqlValue&);
bool is_null(const SqlValue&) noexcept;

// Runs a query and returns the first column of the first row, or null.
Result<SqlValue> query_value(Db&, std::string_view sql, std::span<const SqlValue> params);

}  // namespace lw::catalog
