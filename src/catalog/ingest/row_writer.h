#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "catalog/db.h"

namespace lw::catalog {

// Writes many rows with few statements: `values` holds rows of `columns` values each, sent as
// multi-row statements of 256, 64, 16, 4 or 1 rows, so each statement text is prepared once
// per connection and a batch needs a few dozen statements, not one per row.
//
// insert_rows: `head` is "INSERT INTO t (a, b, c)", `tail` e.g. " ON CONFLICT DO NOTHING".
// `before`, when given, runs before each statement with its first row and row count.
using BeforeRows = std::function<void(std::size_t first, std::size_t count)>;
Result<void> insert_rows(Db&, std::string_view head, std::string_view tail, std::size_t columns,
                         std::span<const SqlValue> values, const BeforeRows& before = {});

// `head`, then `group` `count` times separated by ", ", then `tail`: the text of a statement over
// many rows or keys at once.
std::string repeated_groups(std::string_view head, std::string_view group, std::string_view tail,
                            std::size_t count);

// update_rows: PostgreSQL gets `head` "UPDATE t SET a = v.column2, ... FROM (VALUES", the rows,
// and `tail` ") AS v WHERE t.id = v.column1", every value cast to BIGINT (it does not infer the
// type of a parameter inside VALUES). SQLite runs `one_row` once per row instead: the same
// UPDATE with the values numbered ?1..?N.
Result<void> update_rows(Db&, std::string_view head, std::string_view tail, std::size_t columns,
                         std::span<const SqlValue> values, std::string_view one_row);

}  // namespace lw::catalog
