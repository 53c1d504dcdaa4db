#include <algorithm>
#include <array>

#include "probes/clickhouse/clickhouse_probe.h"
#include "probes/common/http_dialogue.h"

namespace lw::probes::clickhouse {

Result<Compact> parse_compact(std::string_view body) {
  auto parsed = json::parse_bounded(body, {.max_bytes = 4 * 1024 * 1024, .max_depth = 32});
  if (!parsed) return tl::unexpected(parsed.error());
  const auto* meta = json::member(*parsed, "meta");
  const auto* data = json::member(*parsed, "data");
  if (meta == nullptr || data == nullptr || !meta->is_array() || !data->is_array()) {
    return fail(ErrorCode::parse_error, "not a JSONCompact result (meta, data)", "body");
  }
  Compact out;
  for (const auto& column : *meta) {
    const std::string name = json::string_at(column, "name");
    if (name.empty() || json::string_at(column, "type").empty()) {
      return fail(ErrorCode::parse_error, "JSONCompact column without name or type", "meta");
    }
    out.columns.push_back(name.substr(0, 256));
  }
  for (const auto& row : *data) {
    if (!row.is_array() || row.size() != out.columns.size()) {
      return fail(ErrorCode::parse_error, "JSONCompact row does not match its columns", "data");
    }
    out.rows.emplace_back(row.begin(), row.end());
  }
  return out;
}

bool engine_is_plain_storage(std::string_view engine) {
  if (engine.ends_with("MergeTree")) return true;
  static constexpr std::array<std::string_view, 4> kPlain{"Log", "TinyLog", "StripeLog", "Memory"};
  return std::find(kPlain.begin(), kPlain.end(), engine) != kPlain.end();
}

std::vector<TableRef> tables_to_sample(const std::vector<TableRef>& tables, std::size_t max) {
  std::vector<TableRef> out;
  for (const auto& t : tables) {
    if (out.size() >= max) break;
    if (engine_is_plain_storage(t.engine) && !t.name.starts_with(".inner")) out.push_back(t);
  }
  return out;
}

std::string quote_identifier(std::string_view name) {
  std::string out = "`";
  for (const char c : name) {
    if (c == '`' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('`');
  return out;
}

std::string query_path(std::string_view sql) {
  return "/?query=" + http::url_encode(sql);
}

std::string sample_sql(const TableRef& table, std::uint32_t limit) {
  return "SELECT * FROM " + quote_identifier(table.database) + "." + quote_identifier(table.name) +
         " LIMIT " + std::to_string(limit) + " FORMAT JSONCompact";
}

std::vector<TableRef> parse_tables(const Compact& result) {
  std::vector<TableRef> out;
  if (result.columns.size() != 3) return out;
  for (const auto& row : result.rows) {
    if (!row[0].is_string() || !row[1].is_string() || !row[2].is_string()) continue;
    out.push_back({row[0].get<std::string>().substr(0, 256),
                   row[1].get<std::string>().substr(0, 256),
                   row[2].get<std::string>().substr(0, 64)});
  }
  return out;
}

}  // namespace lw::probes::clickhouse
