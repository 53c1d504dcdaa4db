#include "catalog/query/compile.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <ctime>

#include "core/address.h"
#include "core/ascii.h"

namespace lw::catalog {

std::string address_key(const Address&);  // sql_ingest.cpp

namespace {

enum class Kind { text, lower_text, integer, size, date, net, ip, category, tag, name, scan, flag };

struct Field {
  std::string_view name;
  Kind kind;
  std::string_view column;  // SQL expression (fixed text)
};

constexpr std::array kFields{
    Field{"port", Kind::integer, "s.port"},
    Field{"product", Kind::lower_text, "LOWER(s.product)"},
    Field{"version", Kind::lower_text, "LOWER(s.version)"},
    Field{"protocol", Kind::lower_text, "s.protocol"},
    Field{"probe", Kind::lower_text, "s.protocol"},
    Field{"transport", Kind::lower_text, "s.transport"},
    Field{"verdict", Kind::lower_text, "s.verdict"},
    Field{"outcome", Kind::lower_text, "s.outcome"},
    Field{"severity", Kind::lower_text, "s.severity"},
    Field{"sensitivity", Kind::integer, "s.sensitivity"},
    Field{"records", Kind::integer, "s.record_count"},
    Field{"size", Kind::size, "s.data_bytes"},
    Field{"first_seen", Kind::date, "s.first_seen_ms"},
    Field{"last_seen", Kind::date, "s.last_seen_ms"},
    Field{"open_since", Kind::date, "s.open_since_ms"},
    Field{"net", Kind::net, "s.addr_key"},
    Field{"ip", Kind::ip, "s.addr_key"},
    Field{"category", Kind::category, ""},
    Field{"tag", Kind::tag, ""},
    Field{"hostname", Kind::name, "LOWER(h.names)"},
    Field{"scan", Kind::scan, ""},
    // compromised:true|false: a ransom note was found (stored as the category "compromised").
    Field{"compromised", Kind::flag, "compromised"},
};

constexpr std::array<std::string_view, 9> kFacets{"product",  "severity", "verdict",
                                                  "port",     "protocol", "transport",
                                                  "category", "tag",      "version"};

constexpr std::array<std::string_view, 5> kVerdicts{"open", "auth_required", "unknown",
                                                    "not_this_protocol", "error"};
constexpr std::array<std::string_view, 5> kSeverities{"", "low", "medium", "high", "critical"};

std::string like_pattern(std::string_view s) {
  std::string out = "%";
  for (char c : ascii_lower(s)) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

tl::unexpected<Error> error_at(std::size_t column, std::string message) {
  return fail(ErrorCode::invalid_argument, std::move(message), "column " + std::to_string(column));
}

std::string_view op_sql(Comparison op) {
  switch (op) {
    case Comparison::eq:
      return " = ?";
    case Comparison::lt:
      return " < ?";
    case Comparison::le:
      return " <= ?";
    case Comparison::gt:
      return " > ?";
    case Comparison::ge:
      return " >= ?";
  }
  return " = ?";
}

Result<std::int64_t> parse_int(const QueryValue& v, std::int64_t max) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), n);
  if (ec != std::errc() || end != v.text.data() + v.text.size() || n < 0 || n > max) {
    return error_at(v.column, "'" + v.text + "' is not a number from 0 to " + std::to_string(max));
  }
  return n;
}

// One value of one term: a condition appended to `sql`, its parameters to `params`.
Result<void> compile_value(const Field& f, const QueryValue& v, std::string& sql,
                           std::vector<SqlValue>& params, Dialect dialect) {
  const bool ordered = f.kind == Kind::integer || f.kind == Kind::size || f.kind == Kind::date;
  if (v.op != Comparison::eq && !ordered) {
    return error_at(v.column, "'" + std::string(f.name) + "' does not take < or >");
  }
  switch (f.kind) {
    case Kind::text:
    case Kind::lower_text: {
      const auto value = ascii_lower(v.text);
      if (f.name == "verdict" &&
          std::find(kVerdicts.begin(), kVerdicts.end(), value) == kVerdicts.end()) {
        return error_at(v.column, "unknown verdict '" + v.text +
                                      "' (open, auth_required, unknown, not_this_protocol, error)");
      }
      if (f.name == "severity" &&
          std::find(kSeverities.begin(), kSeverities.end(), value) == kSeverities.end()) {
        return error_at(v.column,
                        "unknown severity '" + v.text + "' (low, medium, high, critical)");
      }
      sql += std::string(f.column) + " = ?";
      params.emplace_back(value);
      return {};
    }
    case Kind::integer: {
      auto n = parse_int(v, f.name == "port" ? 65535 : INT64_MAX);
      if (!n) return tl::unexpected(n.error());
      sql += std::string(f.column) + std::string(op_sql(v.op));
      params.emplace_back(*n);
      return {};
    }
    case Kind::size: {
      auto n = parse_size(v.text);
      if (!n) return error_at(v.column, n.error().message);
      const auto bytes = std::min<std::uint64_t>(*n, INT64_MAX);
      // s.size_class is the bit width of s.data_bytes: a bound on it makes the range an index
      // range, the exact comparison follows.
      const auto width = static_cast<std::int64_t>(std::bit_width(bytes));
      const bool lower_bound = v.op == Comparison::gt || v.op == Comparison::ge;
      std::string size_class = v.op == Comparison::eq ? "s.size_class = ?"
                               : lower_bound          ? "s.size_class >= ?"
                                                      : "s.size_class <= ?";
      // SQLite keeps no histograms: tell its planner that a large lower bound is selective
      // (sizes spread roughly evenly over their bit widths), so it reads the size index
      // rather than a verdict or product index.
      if (dialect == Dialect::sqlite && lower_bound && width > 20) {
        size_class = "likelihood(" + size_class + ", " + (width > 30 ? "0.001" : "0.05") + ")";
      }
      sql += "(" + size_class + " AND " + std::string(f.column) + std::string(op_sql(v.op)) + ")";
      params.emplace_back(width);
      params.emplace_back(static_cast<std::int64_t>(bytes));
      return {};
    }
    case Kind::date: {
      const bool date_only = v.text.size() == 10;
      auto start = parse_date_ms(v.text, false);
      if (!start) return error_at(v.column, start.error().message);
      if (date_only && v.op == Comparison::eq) {
        sql += "(" + std::string(f.column) + " >= ? AND " + std::string(f.column) + " <= ?)";
        params.emplace_back(*start);
        params.emplace_back(*start + 86'400'000 - 1);
        return {};
      }
      // ">2026-11-01" means after that whole day; "<=2026-11-01" includes it.
      auto bound = date_only && (v.op == Comparison::gt || v.op == Comparison::le)
                       ? *start + 86'400'000 - 1
                       : *start;
      sql += std::string(f.column) + std::string(op_sql(v.op));
      params.emplace_back(bound);
      return {};
    }
    case Kind::net:
    case Kind::ip: {
      auto range = parse_address_or_cidr(v.text);
      if (!range) {
        return error_at(v.column, "'" + v.text + "' is not an address or CIDR block");
      }
      if (f.kind == Kind::ip && range->first != range->last) {
        return error_at(v.column, "ip: takes one address; use net: for a block");
      }
      sql += std::string(f.column) + " BETWEEN ? AND ?";
      params.emplace_back(address_key(range->first));
      params.emplace_back(address_key(range->last));
      return {};
    }
    case Kind::category:
      sql +=
          "EXISTS (SELECT 1 FROM service_categories c WHERE c.service_id = s.id AND "
          "c.category = ?)";
      params.emplace_back(ascii_lower(v.text));
      return {};
    case Kind::tag:
      sql += "EXISTS (SELECT 1 FROM host_tags t WHERE t.host_id = s.host_id AND t.tag = ?)";
      params.emplace_back(v.text);
      return {};
    case Kind::name:
      sql += std::string(f.column) + " LIKE ? ESCAPE '\\'";
      params.emplace_back(like_pattern(v.text));
      return {};
    case Kind::scan:
      sql += "EXISTS (SELECT 1 FROM observations o WHERE o.service_id = s.id AND o.scan_id = ?)";
      params.emplace_back(v.text);
      return {};
    case Kind::flag: {
      const auto value = ascii_lower(v.text);
      if (value != "true" && value != "false") {
        return error_at(v.column,
                        "'" + std::string(f.name) + "' takes true or false, not '" + v.text + "'");
      }
      if (value == "false") sql += "NOT ";
      sql +=
          "EXISTS (SELECT 1 FROM service_categories c WHERE c.service_id = s.id AND "
          "c.category = ?)";
      params.emplace_back(std::string(f.column));
      return {};
    }
  }
  return {};
}

void compile_free_text(const QueryValue& v, std::string& sql, std::vector<SqlValue>& params) {
  sql +=
      "(LOWER(s.product) LIKE ? ESCAPE '\\' OR LOWER(s.version) LIKE ? ESCAPE '\\' OR "
      "s.protocol LIKE ? ESCAPE '\\' OR LOWER(h.names) LIKE ? ESCAPE '\\' OR "
      "h.address LIKE ? ESCAPE '\\')";
  const auto p = like_pattern(v.text);
  for (int i = 0; i < 5; ++i) params.emplace_back(p);
}

}  // namespace

std::vector<std::string_view> filter_fields() {
  std::vector<std::string_view> out;
  for (const auto& f : kFields) out.push_back(f.name);
  return out;
}

std::vector<std::string_view> facet_fields() {
  return {kFacets.begin(), kFacets.end()};
}

Result<CompiledQuery> compile_query(const Query& q, Dialect dialect) {
  CompiledQuery out;
  std::string sql;
  for (const auto& t : q.terms) {
    if (!sql.empty()) sql += " AND ";
    if (t.negated) sql += "NOT ";
    sql += "(";
    const Field* field = nullptr;
    if (!t.field.empty()) {
      auto it = std::find_if(kFields.begin(), kFields.end(),
                             [&](const Field& f) { return f.name == t.field; });
      if (it == kFields.end()) {
        std::string known;
        for (const auto& f : kFields) known += (known.empty() ? "" : ", ") + std::string(f.name);
        return error_at(t.column + (t.negated ? 1 : 0),
                        "unknown filter '" + t.field + "' (known: " + known + ")");
      }
      field = &*it;
    }
    for (std::size_t i = 0; i < t.values.size(); ++i) {
      if (i) sql += " OR ";
      if (!field) {
        compile_free_text(t.values[i], sql, out.params);
      } else if (auto ok = compile_value(*field, t.values[i], sql, out.params, dialect); !ok) {
        return tl::unexpected(ok.error());
      }
    }
    sql += ")";
  }
  if (!sql.empty()) out.where = std::move(sql);
  return out;
}

Result<CompiledQuery> compile_query(std::string_view text, Dialect dialect) {
  auto q = parse_query(text);
  if (!q) return tl::unexpected(q.error());
  return compile_query(*q, dialect);
}

Result<std::string> facet_sql(std::string_view field, std::string_view where, Dialect dialect) {
  // The hosts table joins in only when the condition names it.
  std::string from = where.find("h.") != std::string_view::npos
                         ? " FROM services s JOIN hosts h ON h.id = s.host_id "
                         : " FROM services s ";
  std::string column;
  if (field == "category") {
    column = "fc.category";
    from += "JOIN service_categories fc ON fc.service_id = s.id ";
  } else if (field == "tag") {
    column = "ft.tag";
    from += "JOIN host_tags ft ON ft.host_id = s.host_id ";
  } else if (std::find(kFacets.begin(), kFacets.end(), field) != kFacets.end()) {
    column = "s." + std::string(field == "protocol" ? "protocol" : field);
  } else {
    std::string known;
    for (auto f : kFacets) known += (known.empty() ? "" : ", ") + std::string(f);
    return fail(ErrorCode::invalid_argument,
                "cannot facet on '" + std::string(field) + "' (facets: " + known + ")");
  }
  // Under a filter, SQLite would rather walk the whole facet index (or category index) in its
  // order, saving a sort, than the filter's index: without histograms it cannot tell that a
  // value such as severity 'critical' is rare. The unary plus keeps an index from serving the
  // grouping, so the filter's index drives the query.
  std::string group = column;
  if (dialect == Dialect::sqlite && where != CompiledQuery{}.where) {
    group = "+" + column;
  }
  return "SELECT " + group + ", COUNT(*)" + from + "WHERE " + std::string(where) +
         " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?";
}

Result<std::uint64_t> parse_size(std::string_view text) {
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end == text.data()) {
    return fail(ErrorCode::invalid_argument, "'" + std::string(text) + "' is not a size");
  }
  std::string unit =
      ascii_lower(std::string_view(end, static_cast<std::size_t>(text.data() + text.size() - end)));
  unit.erase(std::remove(unit.begin(), unit.end(), ' '), unit.end());
  static constexpr std::array<std::pair<std::string_view, int>, 13> kUnits{{{"", 0},
                                                                            {"b", 0},
                                                                            {"k", 10},
                                                                            {"kb", 10},
                                                                            {"kib", 10},
                                                                            {"m", 20},
                                                                            {"mb", 20},
                                                                            {"mib", 20},
                                                                            {"g", 30},
                                                                            {"gb", 30},
                                                                            {"gib", 30},
                                                                            {"tb", 40},
                                                                            {"tib", 40}}};
  for (const auto& [name, shift] : kUnits) {
    if (unit != name) continue;
    if (shift && n > (UINT64_MAX >> shift)) {
      return fail(ErrorCode::invalid_argument, "'" + std::string(text) + "' is too large");
    }
    return n << shift;
  }
  return fail(ErrorCode::invalid_argument,
              "unknown size unit '" + unit + "' (B, KB, MB, GB, TB; 1 KB = 1024 B)");
}

Result<std::int64_t> parse_date_ms(std::string_view text, bool day_end) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  const std::string t(text);
  const bool date_only = t.size() == 10 && std::sscanf(t.c_str(), "%4d-%2d-%2d", &y, &mo, &d) == 3;
  const bool full =
      !date_only && (t.size() == 19 || (t.size() == 20 && t.back() == 'Z')) &&
      std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) == 6;
  if ((!date_only && !full) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
      s > 60 || y < 1970 || y > 9999) {
    return fail(ErrorCode::invalid_argument,
                "'" + t + "' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, UTC)");
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  const std::int64_t ms = static_cast<std::int64_t>(timegm(&tm)) * 1000;
  return day_end && date_only ? ms + 86'400'000 - 1 : ms;
}

}  // namespace lw::catalog
