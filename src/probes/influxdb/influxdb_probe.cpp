#include "probes/influxdb/influxdb_probe.h"

#include <algorithm>
#include <array>

#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"

namespace lw::probes {
namespace {

using influxdb::Series;

constexpr std::array<std::uint16_t, 1> kPorts{8086};
constexpr std::uint32_t kSmallCap = 64 * 1024;
constexpr std::uint32_t kListCap = 1024 * 1024;
constexpr std::uint32_t kSampleCap = 512 * 1024;

const ProbeInfo kInfo{
    .id = "influxdb",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::database,
    .max_reply_bytes = kListCap,
};

std::string measurements_label(std::string_view db) {
  return "SHOW MEASUREMENTS ON " + std::string(db);
}
std::string select_label(std::string_view db, std::string_view m) {
  return "SELECT * FROM " + std::string(db) + "." + std::string(m);
}
std::string query_path(std::string_view db, std::string_view q) {
  std::string path = "/query?";
  if (!db.empty()) path += "db=" + http::url_encode(db) + "&";
  return path + "q=" + http::url_encode(q);
}

bool influx_headers(const http::Response& r) {
  return r.header("x-influxdb-version").has_value();
}

// 401/403 from InfluxDB: its version header and an {"error"} or {"code","message"} body.
bool is_refusal(const http::Response& r) {
  if ((r.status != 401 && r.status != 403) || !influx_headers(r)) return false;
  auto body = json::parse_bounded(r.body, {.max_bytes = 64 * 1024, .max_depth = 4});
  return body && (!json::string_at(*body, "error").empty() ||
                  json::string_at(*body, "code") == "unauthorized");
}

std::optional<std::vector<Series>> series_of(const Turn* turn, http::Response* response = nullptr) {
  if (turn == nullptr) return std::nullopt;
  auto r = http::parse_response(turn->reply);
  if (!r) return std::nullopt;
  if (response != nullptr) *response = *r;
  if (r->status != 200 || r->truncated || !influx_headers(*r)) return std::nullopt;
  auto s = influxdb::parse_query(r->body);
  if (!s) return std::nullopt;
  return std::move(*s);
}

std::vector<std::string> databases_of(const Transcript& t) {
  auto s = series_of(http::find_turn(t, influxdb::kDatabasesLabel));
  if (!s) return {};
  std::vector<std::string> out;
  for (auto& db : influxdb::first_column(*s, kMaxListed)) {
    if (!db.starts_with("_")) out.push_back(std::move(db));  // _internal: the server's own stats
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> select_plan(const Transcript& t) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto dbs = databases_of(t);
  for (std::size_t i = 0; i < dbs.size() && i < influxdb::kMaxDatabases; ++i) {
    auto s = series_of(http::find_turn(t, measurements_label(dbs[i])));
    if (!s) continue;
    for (auto& m : influxdb::first_column(*s, influxdb::kMaxMeasurements)) {
      if (out.size() < influxdb::kMaxMeasurements) out.emplace_back(dbs[i], std::move(m));
    }
  }
  return out;
}

}  // namespace

namespace influxdb {

Result<std::vector<Series>> parse_query(std::string_view body) {
  auto parsed = json::parse_bounded(body, {.max_bytes = 4 * 1024 * 1024, .max_depth = 16});
  if (!parsed) return tl::unexpected(parsed.error());
  const auto* results = json::member(*parsed, "results");
  if (results == nullptr || !results->is_array()) {
    return fail(ErrorCode::parse_error, "no results array", "body");
  }
  std::vector<Series> out;
  for (const auto& result : *results) {
    if (!json::member(result, "statement_id")) {
      return fail(ErrorCode::parse_error, "result without statement_id", "results");
    }
    const auto* series = json::member(result, "series");
    if (series == nullptr || !series->is_array()) continue;
    for (const auto& s : *series) {
      Series one;
      one.name = json::string_at(s, "name").substr(0, 256);
      const auto* columns = json::member(s, "columns");
      const auto* values = json::member(s, "values");
      if (columns == nullptr || !columns->is_array()) {
        return fail(ErrorCode::parse_error, "series without columns", "series");
      }
      for (const auto& c : *columns) {
        if (c.is_string()) one.columns.push_back(c.get<std::string>().substr(0, 256));
      }
      if (values != nullptr && values->is_array()) {
        for (const auto& v : *values) {
          if (v.is_array() && v.size() == one.columns.size()) one.values.push_back(v);
        }
      }
      out.push_back(std::move(one));
    }
  }
  return out;
}

std::vector<std::string> first_column(const std::vector<Series>& series, std::size_t max) {
  std::vector<std::string> out;
  for (const auto& s : series) {
    for (const auto& row : s.values) {
      if (out.size() >= max) return out;
      if (!row.empty() && row[0].is_string())
        out.push_back(row[0].get<std::string>().substr(0, 256));
    }
  }
  return out;
}

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace influxdb

const ProbeInfo& InfluxdbProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> InfluxdbProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) return http::get_exchange("/ping", o, kSmallCap);
  if (t.size() == 1) {
    auto r = http::parse_response(t[0].reply);
    if (!r || !influx_headers(*r)) return std::nullopt;
    return http::labelled_get(std::string(influxdb::kDatabasesLabel),
                              query_path("", "SHOW DATABASES"), o, kListCap);
  }
  const auto dbs = databases_of(t);
  const std::size_t db_count = std::min(dbs.size(), influxdb::kMaxDatabases);
  const std::size_t done_dbs = http::count_turns(t, "SHOW MEASUREMENTS ON ");
  const std::uint32_t items = std::clamp<std::uint32_t>(o.max_items, 1, 1000);
  if (done_dbs < db_count) {
    const auto& db = dbs[done_dbs];
    return http::labelled_get(measurements_label(db),
                              query_path(db, "SHOW MEASUREMENTS LIMIT " + std::to_string(items)), o,
                              kListCap);
  }
  const auto plan = select_plan(t);
  const std::size_t done = http::count_turns(t, "SELECT * FROM ");
  if (done >= plan.size()) return std::nullopt;
  const auto& [db, m] = plan[done];
  const auto per = std::clamp<std::uint32_t>(
      o.max_sample_records / static_cast<std::uint32_t>(influxdb::kMaxMeasurements), 1, 100);
  return http::labelled_get(select_label(db, m),
                            query_path(db, "SELECT * FROM " + influxdb::quote_identifier(m) +
                                               " LIMIT " + std::to_string(per)),
                            o, kSampleCap);
}

Framing InfluxdbProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> InfluxdbProbe::parse(const Transcript& t) const {
  Observation obs;
  const Turn* ping_turn = http::find_turn(t, influxdb::kPingLabel);
  auto ping =
      ping_turn ? http::parse_response(ping_turn->reply) : fail(ErrorCode::not_found, "", "");
  // Two markers: /ping answers 204 and names the version and the build.
  if (!ping || ping->status != 204 || !influx_headers(*ping) || !ping->header("x-influxdb-build")) {
    obs.note = "GET /ping did not answer like InfluxDB";
    return obs;
  }
  obs.identified = true;
  obs.product = "influxdb";
  obs.version = std::string(ping->header("x-influxdb-version")->substr(0, 32));
  obs.metadata["build"] = std::string(ping->header("x-influxdb-build")->substr(0, 32));
  obs.proof = std::string(influxdb::kPingLabel);
  obs.note = "/ping answered; no query was run";
  http::Response response;
  const Turn* dbs_turn = http::find_turn(t, influxdb::kDatabasesLabel);
  auto dbs_series = series_of(dbs_turn, &response);
  if (dbs_turn != nullptr && is_refusal(response)) {
    obs.auth_demanded = true;
    obs.proof = std::string(influxdb::kDatabasesLabel);
    obs.note = "queries refused without credentials";
    return obs;
  }
  if (!dbs_series) return obs;
  const auto all = influxdb::first_column(*dbs_series, kMaxListed);
  obs.metadata["databases"] = all;
  obs.note = std::to_string(all.size()) + " databases listed without credentials";
  nlohmann::json measurements = nlohmann::json::object();
  const auto dbs = databases_of(t);
  for (std::size_t i = 0; i < dbs.size() && i < influxdb::kMaxDatabases; ++i) {
    auto s = series_of(http::find_turn(t, measurements_label(dbs[i])));
    if (s) measurements[dbs[i]] = influxdb::first_column(*s, kMaxListed);
  }
  obs.metadata["measurements"] = std::move(measurements);
  SampleBudget budget;
  std::size_t read = 0;
  for (const auto& [db, m] : select_plan(t)) {
    const std::string label = select_label(db, m);
    auto s = series_of(http::find_turn(t, label));
    if (!s) continue;
    for (const auto& series : *s) {
      for (const auto& row : series.values) {
        nlohmann::json record = nlohmann::json::object();
        for (std::size_t i = 0; i < row.size(); ++i) record[series.columns[i]] = row[i];
        if (read == 0) obs.proof = label;
        ++read;
        budget.add(obs, "measurement " + db + "." + m, "json", json::dump_capped(record, 8 * 1024));
      }
    }
  }
  if (read > 0) {
    obs.data_read = true;
    obs.note = std::to_string(read) + " points read without credentials";
  }
  return obs;
}

Verdict InfluxdbProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
