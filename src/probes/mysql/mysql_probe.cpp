#include "probes/mysql/mysql_probe.h"

#include <array>

#include "core/bytes.h"
#include "probes/common/sample_text.h"
#include "probes/common/sampler.h"
#include "probes/common/steps.h"
#include "probes/mysql/mysql_dialogue.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{3306};
constexpr std::size_t kValueShown = 512;
constexpr std::size_t kSampleBytes = 8192;

const ProbeInfo kInfo{
    .id = "mysql",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::database,
    .max_reply_bytes = mysql::kTablesCap,  // the largest exchange cap (the table list)
    .server_speaks_first = true,
};

// "5.5.5-10.11.19-MariaDB-0+deb12u1" -> mariadb 10.11.19; "8.0.36-0ubuntu" -> mysql 8.0.36.
std::pair<std::string, std::string> product_version(std::string v) {
  if (v.starts_with("5.5.5-")) v = v.substr(6);
  std::string lower;
  for (const char c : v) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  const std::string product = lower.find("mariadb") != std::string::npos ? "mariadb" : "mysql";
  return {product, printable(v.substr(0, v.find('-')), 32)};
}

// Sensitive-looking table and column names (lower-confidence schema evidence) and what the
// caps left out.
void fill_sampling(const mysql::Dialogue& d, nlohmann::json& md) {
  std::vector<std::string> table_names;
  std::vector<std::string_view> columns;
  for (const auto& t : d.tables) {
    table_names.push_back(t.schema + "." + t.name);
    columns.push_back(t.columns);
  }
  if (auto sensitive = sensitive_schema_names(table_names, columns); !sensitive.empty()) {
    md["sensitive_names"] = std::move(sensitive);
  }
  std::size_t read = 0;
  for (const auto& s : d.samples) read += s.result.rows.empty() ? 0u : 1u;
  std::string note = coverage_note(read, d.tables_total, "tables");
  if (d.tables.size() < d.tables_total) {
    note += " (" + std::to_string(d.tables.size()) + " largest listed)";
  }
  md["sampling"] = nlohmann::json::array({note});
}

void fill_metadata(const mysql::Dialogue& d, Observation& obs) {
  auto& md = obs.metadata;
  nlohmann::json markers = nlohmann::json::array();
  if (d.greeting) {
    md["server_version"] = printable(d.greeting->server_version, 96);
    md["auth_plugin"] = printable(d.greeting->auth_plugin, 64);
    md["protocol"] = d.greeting->protocol;
    markers.push_back("HandshakeV10 greeting");
  }
  if (d.logged_in) markers.push_back("OK packet to root with an empty password");
  nlohmann::json dbs = nlohmann::json::array();
  for (const auto& db : d.databases) {
    if (dbs.size() < 1000) dbs.push_back(printable(db, 128));
  }
  if (d.databases_done) md["databases"] = dbs;
  nlohmann::json tables = nlohmann::json::array();
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;
  for (const auto& t : d.tables) {
    tables.push_back({{"table", printable(t.schema + "." + t.name, 128)},
                      {"rows_estimate", t.rows ? nlohmann::json(*t.rows) : nullptr},
                      {"bytes", t.bytes ? nlohmann::json(*t.bytes) : nullptr}});
    rows += t.rows.value_or(0);
    bytes += t.bytes.value_or(0);
  }
  if (d.tables_done) {
    md["tables"] = tables;
    obs.record_count = rows;
    obs.data_bytes = bytes;
    fill_sampling(d, md);
  }
  md["markers"] = markers;
  obs.markers = static_cast<std::uint32_t>(markers.size());
  if (!d.notes.empty()) md["notes"] = d.notes;
}

}  // namespace

const ProbeInfo& MysqlProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> MysqlProbe::next(const ProbeOptions& o, const Transcript& t) const {
  return mysql::next_exchange(o, t);
}

Framing MysqlProbe::frame(const Exchange& exchange, std::string_view reply) const {
  mysql::Limits limits;
  limits.max_packet = exchange.max_reply_bytes;
  auto packets = mysql::split_packets(reply, limits);
  if (!packets) return Framing::invalid;
  if (packets->empty()) return Framing::need_more;
  if (exchange.request.empty() || is_step(exchange, mysql::Step::login) ||
      is_step(exchange, mysql::Step::auth_switch)) {
    return Framing::complete;  // one packet: greeting, OK, ERR or auth switch
  }
  auto rs = mysql::read_result_set(*packets, 0, limits);
  if (!rs) return Framing::invalid;
  return rs->complete ? Framing::complete : Framing::need_more;
}

bool MysqlProbe::recognizes_banner(std::string_view banner) const {
  auto packets = mysql::split_packets(banner);
  if (!packets || packets->empty()) return false;
  return mysql::parse_greeting(packets->front().payload).has_value();
}

Result<Observation> MysqlProbe::parse(const Transcript& t) const {
  Observation obs;
  if (t.empty() || t.front().reply.empty()) {
    obs.note = "no greeting";
    return obs;
  }
  const mysql::Dialogue d = mysql::analyse(t);
  if (d.greeting_error) {
    obs.identified = true;
    obs.product = "mysql";
    obs.auth_demanded = true;
    obs.proof = "greeting";
    obs.metadata["greeting_error"] = {{"code", d.greeting_error->code},
                                      {"message", printable(d.greeting_error->message, 160)}};
    obs.note = "refused before login: " + printable(d.greeting_error->message, 120);
    return obs;
  }
  if (!d.greeting) {
    obs.note = "the greeting is not MySQL's";
    return obs;
  }
  obs.identified = true;
  std::tie(obs.product, obs.version) = product_version(d.greeting->server_version);
  fill_metadata(d, obs);
  if (d.login_error) {
    const auto& e = *d.login_error;
    obs.metadata["login_error"] = {{"code", e.code}, {"message", printable(e.message, 160)}};
    obs.proof = d.login_label;
    obs.auth_demanded = e.code == 1045 || e.code == 1698 || e.code == 1130 || e.code == 1251;
    obs.note = "root with an empty password refused: " + printable(e.message, 120);
    return obs;
  }
  if (!d.login_sent) {
    obs.proof = "greeting";
    obs.note = "greeting read; default logins are off";
    return obs;
  }
  // An OK packet to root with an empty password: a privileged login a secured server refuses.
  obs.privileged_login_accepted = d.logged_in;
  obs.capabilities.read = d.logged_in;
  obs.capabilities.write = d.logged_in;  // root may write every table
  for (const auto& s : d.samples) {
    if (s.result.rows.empty()) continue;
    if (!obs.data_read) {
      obs.data_read = true;
      obs.proof = s.label;
    }
    obs.samples.push_back(
        Sample{"table " + printable(s.table, 128), "text",
               render_rows(s.result.columns, s.result.rows, kSampleBytes, kValueShown)});
  }
  if (obs.data_read) {
    obs.note = "rows read as root with an empty password";
  } else {
    obs.proof = d.logged_in ? d.login_label : "greeting";
    obs.note = d.logged_in ? "root logged in with an empty password; no rows were read"
                           : "login did not complete";
  }
  return obs;
}

Verdict MysqlProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
