#include "probes/postgresql/postgresql_probe.h"

#include <array>

#include "core/bytes.h"
#include "probes/common/sample_budget.h"
#include "probes/common/sample_text.h"
#include "probes/common/sampler.h"
#include "probes/common/steps.h"
#include "probes/postgresql/pg_dialogue.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{5432};
constexpr std::size_t kValueShown = 512;
constexpr std::size_t kSampleBytes = 8192;
constexpr std::size_t kTablesShown = 100;

const ProbeInfo kInfo{
    .id = "postgresql",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::database,
    .max_reply_bytes = pg::kQueryCap,
    .server_speaks_first = false,
};

std::string auth_name(std::uint32_t code) {
  switch (code) {
    case 3:
      return "cleartext password";
    case 5:
      return "MD5 password";
    case 7:
      return "GSSAPI";
    case 9:
      return "SSPI";
    case 10:
      return "SASL (SCRAM)";
    default:
      return "authentication code " + std::to_string(code);
  }
}

void fill_metadata(const pg::Dialogue& d, const std::string& database, Observation& obs) {
  auto& md = obs.metadata;
  md["database"] = printable(database, 128);
  nlohmann::json markers = nlohmann::json::array();
  for (const char* p : {"server_version", "server_encoding", "TimeZone", "is_superuser",
                        "session_authorization", "application_name"}) {
    const auto it = d.params.find(p);
    if (it != d.params.end()) md["parameters"][p] = printable(it->second, 128);
  }
  if (const auto v = d.params.find("server_version"); v != d.params.end()) {
    const std::string& s = v->second;
    obs.version = printable(s.substr(0, s.find(' ')), 32);
    if (d.auth == 0u) markers.push_back("AuthenticationOk then ParameterStatus server_version");
  }
  if (d.ready) markers.push_back("ReadyForQuery");
  nlohmann::json dbs = nlohmann::json::array();
  std::uint64_t total = 0;
  for (const auto& [name, size] : d.databases) {
    dbs.push_back(
        {{"name", printable(name, 128)}, {"bytes", size ? nlohmann::json(*size) : nullptr}});
    total += size.value_or(0);
  }
  if (d.databases_done) {
    md["databases"] = dbs;
    obs.data_bytes = total;
  }
  nlohmann::json tables = nlohmann::json::array();
  std::uint64_t rows = 0;
  for (const auto& t : d.tables) {
    if (tables.size() >= kTablesShown) continue;
    tables.push_back({{"database", printable(database, 128)},
                      {"table", printable(t.schema + "." + t.name, 128)},
                      {"rows_estimate", t.rows_estimate},
                      {"bytes", t.bytes}});
    if (t.rows_estimate > 0) rows += static_cast<std::uint64_t>(t.rows_estimate);
  }
  if (d.tables_done) {
    md["tables"] = tables;
    obs.record_count = rows;
    // Sensitive-looking table and column names: lower-confidence schema evidence.
    std::vector<std::string> table_names;
    std::vector<std::string_view> columns;
    for (const auto& t : d.tables) {
      table_names.push_back(t.schema + "." + t.name);
      columns.push_back(t.columns);
    }
    if (auto sensitive = sensitive_schema_names(table_names, columns); !sensitive.empty()) {
      md["sensitive_names"] = std::move(sensitive);
    }
    std::string note =
        printable(database, 64) + ": " + coverage_note(d.samples.size(), d.tables_total, "tables");
    if (d.tables.size() < d.tables_total) {
      note += " (" + std::to_string(d.tables.size()) + " largest listed)";
    }
    md["sampling"] = nlohmann::json::array({note});
  }
  md["markers"] = markers;
  obs.markers = static_cast<std::uint32_t>(markers.size());
  if (!d.notes.empty()) md["notes"] = d.notes;
}

}  // namespace

const ProbeInfo& PostgresqlProbe::info() const noexcept {
  return kInfo;
}

PostgresqlProbe::PostgresqlProbe() : database_(pg::kDatabase) {}

PostgresqlProbe::PostgresqlProbe(std::string database) : database_(std::move(database)) {}

std::optional<Exchange> PostgresqlProbe::next(const ProbeOptions& o, const Transcript& t) const {
  return pg::next_exchange(o, t, database_);
}

Framing PostgresqlProbe::frame(const Exchange& exchange, std::string_view reply) const {
  if (is_step(exchange, pg::Step::ssl_request))
    return reply.empty() ? Framing::need_more : Framing::complete;
  pg::Limits limits;
  limits.max_message = exchange.max_reply_bytes;
  auto split = pg::split_messages(reply, limits);
  if (!split) return Framing::invalid;
  if (split->messages.empty()) {
    // A startup reply starts with R or E; anything else is not PostgreSQL.
    if (!reply.empty() && reply[0] != 'R' && reply[0] != 'E' && reply[0] != 'N' &&
        reply[0] != 'T' && reply[0] != 'D' && reply[0] != 'C' && reply[0] != 'S' &&
        reply[0] != 'Z' && reply[0] != 'K') {
      return Framing::invalid;
    }
    return Framing::need_more;
  }
  const bool startup = is_step(exchange, pg::Step::startup);
  for (const auto& m : split->messages) {
    if (m.type == 'Z') return Framing::complete;
    if (startup && m.type == 'E') return Framing::complete;
    if (startup && m.type == 'R') {
      const auto code = pg::auth_code(m.body);
      if (!code) return Framing::invalid;
      if (*code != 0) return Framing::complete;  // asks for credentials: we stop there
    }
  }
  return Framing::need_more;
}

Result<Observation> PostgresqlProbe::parse(const Transcript& t) const {
  Observation obs;
  if (t.empty() || t.front().reply.empty()) {
    obs.note = "no reply to the startup message";
    return obs;
  }
  const pg::Dialogue d = pg::analyse(t);
  if (!d.identified) {
    obs.note = "the reply to the startup message is not PostgreSQL";
    return obs;
  }
  obs.identified = true;
  obs.product = "postgresql";
  fill_metadata(d, database_, obs);
  if (d.ssl_only) {
    obs.metadata["ssl"] = d.ssl_answer == 'S';
    obs.proof = "SSLRequest";
    obs.note = "answered SSLRequest; default logins are off";
    return obs;
  }
  if (d.auth && *d.auth != 0) {
    obs.auth_demanded = true;
    obs.proof = t.front().exchange.label;
    obs.note = "asks user postgres for " + auth_name(*d.auth);
    return obs;
  }
  if (d.startup_error) {
    const auto& e = *d.startup_error;
    obs.metadata["startup_error"] = {{"code", printable(e.code, 8)},
                                     {"message", printable(e.message, 160)}};
    obs.proof = t.front().exchange.label;
    // Class 28: invalid authorization (no pg_hba.conf entry, password failed, role refused).
    obs.auth_demanded = e.code.starts_with("28");
    obs.note = (obs.auth_demanded ? "refused user postgres: " : "startup failed: ") +
               printable(e.code, 8) + " " + printable(e.message, 120);
    return obs;
  }
  // AuthenticationOk to user postgres with no password (trust): a privileged login.
  obs.privileged_login_accepted = d.auth && *d.auth == 0u;
  obs.capabilities.read = obs.privileged_login_accepted;
  obs.capabilities.write = obs.privileged_login_accepted;  // a superuser may write
  SampleBudget budget;
  for (const auto& s : d.samples) {
    if (s.result.rows.empty()) continue;
    if (!obs.data_read) {
      obs.data_read = true;
      obs.proof = s.label;
    }
    budget.add(obs, "table " + printable(database_, 64) + "." + printable(s.table, 128), "text",
               render_rows(s.result.columns, s.result.rows, kSampleBytes, kValueShown));
  }
  obs.note = obs.data_read ? "rows read as postgres without a password (trust)"
                           : "logged in as postgres without a password; no rows were read";
  if (!obs.data_read) obs.proof = t.front().exchange.label;
  return obs;
}

Verdict PostgresqlProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
