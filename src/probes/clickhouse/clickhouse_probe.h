#pragma once

#include <string>
#include <vector>

#include "core/probe.h"

namespace lw::probes {

// ClickHouse over its HTTP interface (8123): SELECT queries as GET requests (the HTTP
// interface runs GET queries read-only): version(), the table list from system.tables, table
// sizes from system.parts, then SELECT * ... LIMIT N from a few tables of plain storage engines.
class ClickhouseProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace clickhouse {
constexpr std::string_view kVersionLabel = "SELECT version()";
constexpr std::string_view kTablesLabel = "SELECT FROM system.tables";
constexpr std::string_view kSizesLabel = "SELECT FROM system.parts";
constexpr std::size_t kMaxSampledTables = 3;

struct TableRef {
  std::string database;
  std::string name;
  std::string engine;
};

// A FORMAT JSONCompact result: column names and rows. Error when the body is not that shape.
struct Compact {
  std::vector<std::string> columns;
  std::vector<std::vector<nlohmann::json>> rows;
};
Result<Compact> parse_compact(std::string_view body);

// Tables whose engine only stores data (MergeTree family, Log family, Memory): reading them has
// no side effect. Kafka, RabbitMQ, URL, MySQL... engines read from elsewhere (a Kafka read
// commits offsets), views run queries: never sampled.
bool engine_is_plain_storage(std::string_view engine);
std::vector<TableRef> tables_to_sample(const std::vector<TableRef>& tables, std::size_t max);
// "`a``b`" quoting of an identifier.
std::string quote_identifier(std::string_view name);
// "/?query=<url-encoded SQL>".
std::string query_path(std::string_view sql);
std::string sample_sql(const TableRef& table, std::uint32_t limit);
std::vector<TableRef> parse_tables(const Compact& result);
}  // namespace clickhouse

}  // namespace lw::probes
