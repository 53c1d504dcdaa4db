#include "catalog/ingest/row_writer.h"

#include <array>

namespace lw::catalog {
namespace {

constexpr std::array<std::size_t, 5> kChunks{256, 64, 16, 4, 1};

std::string statement(std::string_view head, std::string_view tail, std::size_t columns,
                      std::size_t rows, bool cast) {
  std::string row = "(";
  for (std::size_t c = 0; c < columns; ++c) {
    if (c) row += ", ";
    row += cast ? "CAST(? AS BIGINT)" : "?";
  }
  row += ")";
  return repeated_groups(std::string(head) + (cast ? " " : " VALUES "), row, tail, rows);
}

Result<void> write_rows(Db& db, std::string_view head, std::string_view tail, std::size_t columns,
                        std::span<const SqlValue> values, bool cast, const BeforeRows& before) {
  const std::size_t rows = columns ? values.size() / columns : 0;
  std::size_t done = 0;
  for (const auto chunk : kChunks) {
    if (rows - done < chunk) continue;
    const auto sql = statement(head, tail, columns, chunk, cast);
    while (rows - done >= chunk) {
      if (before) before(done, chunk);
      auto ok = db.execute(sql, values.subspan(done * columns, chunk * columns));
      if (!ok) return tl::unexpected(ok.error());
      done += chunk;
    }
  }
  return {};
}

}  // namespace

std::string repeated_groups(std::string_view head, std::string_view group, std::string_view tail,
                            std::size_t count) {
  std::string sql(head);
  sql.reserve(sql.size() + count * (group.size() + 2) + tail.size());
  for (std::size_t i = 0; i < count; ++i) {
    if (i) sql += ", ";
    sql += group;
  }
  sql += tail;
  return sql;
}

Result<void> insert_rows(Db& db, std::string_view head, std::string_view tail, std::size_t columns,
                         std::span<const SqlValue> values, const BeforeRows& before) {
  return write_rows(db, head, tail, columns, values, false, before);
}

Result<void> update_rows(Db& db, std::string_view head, std::string_view tail, std::size_t columns,
                         std::span<const SqlValue> values, std::string_view one_row) {
  // SQLite: UPDATE ... FROM (VALUES ...) measured no faster than one prepared single-row
  // UPDATE per row, which is simpler. PostgreSQL saves a round trip per row.
  if (db.dialect() == Dialect::sqlite) {
    for (std::size_t i = 0; i + columns <= values.size(); i += columns) {
      auto ok = db.execute(one_row, values.subspan(i, columns));
      if (!ok) return tl::unexpected(ok.error());
    }
    return {};
  }
  return write_rows(db, head, tail, columns, values, true, {});
}

}  // namespace lw::catalog
