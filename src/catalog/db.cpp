#include "catalog/db.h"

#include <charconv>

namespace lw::catalog {

std::int64_t as_int(const SqlValue& v) noexcept {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

double as_double(const SqlValue& v) noexcept {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* s = std::get_if<std::string>(&v)) {
    try {
      return std::stod(*s);
    } catch (...) {
      return 0;
    }
  }
  return 0;
}

std::string as_text(const SqlValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return {};
}

bool is_null(const SqlValue& v) noexcept {
  return std::holds_alternative<std::monostate>(v);
}

Result<void> Db::for_each_row(std::string_view sql, std::span<const SqlValue> params,
                              const std::function<bool(std::span<const SqlCell>)>& row) {
  auto rows = query(sql, params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<SqlCell> cells;
  for (const auto& r : *rows) {
    cells.clear();
    for (const auto& v : r) {
      std::visit([&](const auto& x) { cells.emplace_back(SqlCell(x)); }, v);
    }
    if (!row(cells)) break;
  }
  return {};
}

Result<SqlValue> query_value(Db& db, std::string_view sql, std::span<const SqlValue> params) {
  auto rows = db.query(sql, params);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty() || rows->front().empty()) return SqlValue{};
  return std::move(rows->front().front());
}

}  // namespace lw::catalog
