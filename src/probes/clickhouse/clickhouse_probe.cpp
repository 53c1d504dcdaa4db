#include "probes/clickhouse/clickhouse_probe.h"

#include <algorithm>
#include <array>
#include <map>

#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"

namespace lw::probes {
namespace {

using clickhouse::TableRef;

constexpr std::array<std::uint16_t, 1> kPorts{8123};
constexpr std::array<std::uint16_t, 1> kTlsPorts{8443};
constexpr std::uint32_t kSmallCap = 64 * 1024;
constexpr std::uint32_t kListCap = 1024 * 1024;
constexpr std::uint32_t kSampleCap = 512 * 1024;

const ProbeInfo kInfo{
    .id = "clickhouse",
    .default_ports = kPorts,
    .tls_ports = kTlsPorts,
    .kind = ServiceKind::database,
    .max_reply_bytes = kListCap,
};

std::string tables_sql(std::uint32_t limit) {
  return "SELECT database, name, engine FROM system.tables WHERE database NOT IN ('system', "
         "'INFORMATION_SCHEMA', 'information_schema') ORDER BY database, name LIMIT " +
         std::to_string(limit) + " FORMAT JSONCompact";
}

std::string sizes_sql(std::uint32_t limit) {
  return "SELECT database, table, sum(rows), sum(bytes) FROM system.parts WHERE active GROUP BY "
         "database, table ORDER BY sum(bytes) DESC LIMIT " +
         std::to_string(limit) + " FORMAT JSONCompact";
}

std::string sample_label(const TableRef& t) {
  return "SELECT * FROM " + t.database + "." + t.name;
}

bool has_clickhouse_header(const http::Response& r) {
  return std::any_of(r.headers.begin(), r.headers.end(),
                     [](const auto& h) { return h.first.starts_with("x-clickhouse-"); });
}

// ClickHouse's refusal of the default user: a DB::Exception about the password or
// authentication, with a ClickHouse header or the ClickHouse realm.
bool is_auth_refusal(const http::Response& r) {
  if (r.status < 400) return false;
  const bool named =
      has_clickhouse_header(r) ||
      r.header("www-authenticate").value_or("").find("ClickHouse") != std::string_view::npos;
  if (!named || r.body.find("DB::Exception") == std::string::npos) return false;
  static constexpr std::array<std::string_view, 5> kPhrases{
      "Password required", "Wrong password", "Authentication failed", "password is incorrect",
      "Unknown user"};
  return std::any_of(kPhrases.begin(), kPhrases.end(),
                     [&](std::string_view p) { return r.body.find(p) != std::string::npos; });
}

struct Reply {
  http::Response response;
  std::optional<clickhouse::Compact> result;
};

std::optional<Reply> reply_of(const Turn* turn) {
  if (turn == nullptr) return std::nullopt;
  auto r = http::parse_response(turn->reply);
  if (!r) return std::nullopt;
  Reply out{std::move(*r), std::nullopt};
  if (out.response.status == 200 && !out.response.truncated &&
      has_clickhouse_header(out.response)) {
    auto compact = clickhouse::parse_compact(out.response.body);
    if (compact) out.result = std::move(*compact);
  }
  return out;
}

std::optional<Reply> reply_of(const Transcript& t, std::string_view label) {
  return reply_of(http::find_turn(t, label));
}

// The version() result: one column named version(), one string row.
std::string version_of(const Reply& r) {
  if (!r.result || r.result->columns != std::vector<std::string>{"version()"} ||
      r.result->rows.size() != 1 || !r.result->rows[0][0].is_string()) {
    return {};
  }
  return r.result->rows[0][0].get<std::string>().substr(0, 32);
}

// Tables, largest first when system.parts gave sizes.
std::vector<TableRef> ordered_tables(const Transcript& t,
                                     std::map<std::string, std::uint64_t>* bytes_out = nullptr,
                                     std::uint64_t* rows_out = nullptr) {
  auto tables_reply = reply_of(t, clickhouse::kTablesLabel);
  if (!tables_reply || !tables_reply->result) return {};
  auto tables = clickhouse::parse_tables(*tables_reply->result);
  std::map<std::string, std::uint64_t> bytes;
  std::uint64_t rows = 0;
  if (auto sizes = reply_of(t, clickhouse::kSizesLabel);
      sizes && sizes->result && sizes->result->columns.size() == 4) {
    for (const auto& row : sizes->result->rows) {
      if (!row[0].is_string() || !row[1].is_string()) continue;
      bytes[row[0].get<std::string>() + "." + row[1].get<std::string>()] =
          json::as_uint(row[3]).value_or(0);
      rows += json::as_uint(row[2]).value_or(0);
    }
  }
  std::stable_sort(tables.begin(), tables.end(), [&](const TableRef& a, const TableRef& b) {
    const auto ia = bytes.find(a.database + "." + a.name);
    const auto ib = bytes.find(b.database + "." + b.name);
    return (ia == bytes.end() ? 0 : ia->second) > (ib == bytes.end() ? 0 : ib->second);
  });
  if (bytes_out != nullptr) *bytes_out = std::move(bytes);
  if (rows_out != nullptr) *rows_out = rows;
  return tables;
}

}  // namespace

const ProbeInfo& ClickhouseProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> ClickhouseProbe::next(const ProbeOptions& o, const Transcript& t) const {
  const std::uint32_t items = std::clamp<std::uint32_t>(o.max_items, 1, 1000);
  auto query = [&](std::string_view label, const std::string& sql, std::uint32_t cap) {
    return http::labelled_get(std::string(label), clickhouse::query_path(sql), o, cap);
  };
  if (t.empty())
    return query(clickhouse::kVersionLabel, "SELECT version() FORMAT JSONCompact", kSmallCap);
  if (t.size() == 1) {
    auto version = reply_of(t, clickhouse::kVersionLabel);
    if (!version || version_of(*version).empty()) return std::nullopt;
    return query(clickhouse::kTablesLabel, tables_sql(items), kListCap);
  }
  if (t.size() == 2) {
    auto tables = reply_of(t, clickhouse::kTablesLabel);
    if (!tables || !tables->result) return std::nullopt;
    return query(clickhouse::kSizesLabel, sizes_sql(items), kListCap);
  }
  const auto plan = clickhouse::tables_to_sample(ordered_tables(t), clickhouse::kMaxSampledTables);
  const std::size_t done = t.size() - 3;
  if (done >= plan.size()) return std::nullopt;
  const auto per_table = std::clamp<std::uint32_t>(
      o.max_sample_records / static_cast<std::uint32_t>(clickhouse::kMaxSampledTables), 1, 100);
  return query(sample_label(plan[done]), clickhouse::sample_sql(plan[done], per_table), kSampleCap);
}

Framing ClickhouseProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> ClickhouseProbe::parse(const Transcript& t) const {
  Observation obs;
  auto version = reply_of(t, clickhouse::kVersionLabel);
  if (!version) {
    obs.note = "no HTTP answer to SELECT version()";
    return obs;
  }
  obs.proof = std::string(clickhouse::kVersionLabel);
  if (is_auth_refusal(version->response)) {
    obs.identified = true;
    obs.product = "clickhouse";
    obs.auth_demanded = true;
    obs.note = "the default user needs a password";
    return obs;
  }
  obs.version = version_of(*version);
  if (obs.version.empty()) {
    obs.note = "SELECT version() was not answered by ClickHouse";
    return obs;
  }
  obs.identified = true;
  obs.product = "clickhouse";
  obs.note = "queries run as the default user without a password; no table was read";
  if (const auto name = version->response.header("x-clickhouse-server-display-name")) {
    obs.metadata["display_name"] = std::string(name->substr(0, 128));
  }
  std::map<std::string, std::uint64_t> bytes;
  std::uint64_t rows = 0;
  const auto tables = ordered_tables(t, &bytes, &rows);
  nlohmann::json listed = nlohmann::json::array();
  std::uint64_t total_bytes = 0;
  for (const auto& [name, size] : bytes) total_bytes += size;
  for (const auto& table : tables) {
    if (listed.size() >= kMaxListed) break;
    nlohmann::json entry{
        {"database", table.database}, {"table", table.name}, {"engine", table.engine}};
    if (const auto it = bytes.find(table.database + "." + table.name); it != bytes.end()) {
      entry["bytes"] = it->second;
    }
    listed.push_back(std::move(entry));
  }
  obs.metadata["table_count"] = tables.size();
  obs.metadata["tables"] = std::move(listed);
  if (!bytes.empty()) {
    obs.data_bytes = total_bytes;
    obs.record_count = rows;
  }
  SampleBudget budget;
  std::size_t read = 0;
  for (const auto& table : clickhouse::tables_to_sample(tables, clickhouse::kMaxSampledTables)) {
    auto sample = reply_of(t, sample_label(table));
    if (!sample || !sample->result) continue;
    for (const auto& row : sample->result->rows) {
      nlohmann::json record = nlohmann::json::object();
      for (std::size_t i = 0; i < row.size(); ++i) record[sample->result->columns[i]] = row[i];
      if (read == 0) obs.proof = sample_label(table);
      ++read;
      budget.add(obs, "table " + table.database + "." + table.name, "json",
                 json::dump_capped(record, 8 * 1024));
    }
  }
  if (read > 0) {
    obs.data_read = true;
    obs.note = std::to_string(read) + " rows read as the default user without a password";
  }
  return obs;
}

Verdict ClickhouseProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
