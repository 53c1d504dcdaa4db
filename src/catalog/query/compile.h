#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "catalog/db.h"
#include "catalog/query/query.h"

namespace lw::catalog {

// A WHERE condition over `services s JOIN hosts h`: fixed SQL text from the compiler's own
// table, and every value from the query as a parameter.
struct CompiledQuery {
  std::string where = "1 = 1";
  std::vector<SqlValue> params;
};

// `dialect` only adds planner hints (SQLite's likelihood()); the conditions are the same.
Result<CompiledQuery> compile_query(const Query&, Dialect = Dialect::postgres);
Result<CompiledQuery> compile_query(std::string_view text, Dialect = Dialect::postgres);

// The fields a filter may name, and those a facet may count.
std::vector<std::string_view> filter_fields();
std::vector<std::string_view> facet_fields();

// SQL for one facet: value and count per value over the services matching `where`.
// `field` must be one of facet_fields(); the caller binds where-params then the limit.
Result<std::string> facet_sql(std::string_view field, std::string_view where,
                              Dialect = Dialect::postgres);

// "1GB", "512k", "10 MB" -> bytes (binary units: 1 KB = 1024 bytes).
Result<std::uint64_t> parse_size(std::string_view);
// "2026-11-01" or "2026-11-01T12:30:00Z" -> Unix ms; `day_end` gives the last ms of a date.
Result<std::int64_t> parse_date_ms(std::string_view, bool day_end = false);

}  // namespace lw::catalog
