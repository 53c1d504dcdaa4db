#include "probes/cassandra/cassandra_probe.h"

#include <array>

#include "core/bytes.h"
#include "probes/cassandra/cql.h"
#include "probes/common/steps.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{9042};
constexpr std::uint32_t kReplyCap = 256 * 1024;
constexpr std::size_t kMaxRows = 200;
constexpr std::size_t kTablesSampled = 3;
constexpr std::size_t kSampleBytes = 8192;

const ProbeInfo kInfo{
    .id = "cassandra",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::database,
    .max_reply_bytes = kReplyCap,
    .server_speaks_first = false,
};

// The probe's steps (Exchange::step); a reply is read by its step, never by its label.
enum class Step : std::uint32_t { startup = 0, system_local, tables, sample };

struct Dialogue {
  bool identified = false;
  bool ready = false;
  std::string authenticator;
  std::string version;
  std::string cluster;
  bool tables_done = false;
  std::vector<std::pair<std::string, std::string>> tables;  // keyspace, table
  struct Sampled {
    std::string label;
    std::string table;  // keyspace.table
    cql::Rows rows;
  };
  std::vector<Sampled> samples;
  std::vector<std::string> notes;
};

Dialogue analyse(const Transcript& t) {
  Dialogue d;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Turn& turn = t[i];
    auto f = cql::read_frame(turn.reply, kReplyCap);
    if (!f || !*f) {
      if (!f && d.notes.size() < 8)
        d.notes.push_back(turn.exchange.label + ": " + f.error().describe());
      if (i == 0) break;
      continue;
    }
    const auto& fr = **f;
    if (i == 0) {
      if (fr.opcode == cql::kReady && fr.body.empty()) {
        d.identified = d.ready = true;
      } else if (fr.opcode == cql::kAuthenticate) {
        auto a = cql::authenticator(fr.body);
        d.identified = a.has_value();
        d.authenticator = a.value_or("");
      } else if (fr.opcode == cql::kError) {
        d.identified = cql::parse_error(fr.body).has_value();
      }
      if (!d.identified) break;
      continue;
    }
    if (fr.opcode == cql::kError) {
      if (auto e = cql::parse_error(fr.body); e && d.notes.size() < 8) {
        d.notes.push_back(turn.exchange.label + ": " + e->message);
      }
      continue;
    }
    if (fr.opcode != cql::kResult) continue;
    auto rows = cql::parse_rows(fr.body, kMaxRows);
    if (!rows) {
      if (d.notes.size() < 8)
        d.notes.push_back(turn.exchange.label + ": " + rows.error().describe());
      continue;
    }
    const Exchange& ex = turn.exchange;
    const auto step = static_cast<Step>(ex.step);
    if (step == Step::system_local) {
      if (!rows->rows.empty() && rows->rows[0].size() >= 2) {
        d.version = rows->rows[0][0].value_or("");
        d.cluster = rows->rows[0][1].value_or("");
      }
    } else if (step == Step::tables) {
      d.tables_done = true;
      for (const auto& r : rows->rows) {
        if (r.size() >= 2 && r[0] && r[1]) d.tables.emplace_back(*r[0], *r[1]);
      }
    } else if (step == Step::sample) {
      d.samples.push_back(Dialogue::Sampled{ex.label, ex.subject, std::move(*rows)});
    }
  }
  return d;
}

std::vector<std::pair<std::string, std::string>> user_tables(const Dialogue& d) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [ks, table] : d.tables) {
    if (ks.starts_with("system") || ks == "dse_system" || ks == "dse_security") continue;
    out.emplace_back(ks, table);
  }
  return out;
}

}  // namespace

const ProbeInfo& CassandraProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> CassandraProbe::next(const ProbeOptions& o, const Transcript& t) const {
  const auto stream = static_cast<std::int16_t>(t.size());
  if (t.empty()) return Exchange{"STARTUP", cql::startup(stream), 4096, step_id(Step::startup)};
  if (t.back().end != ReplyEnd::complete) return std::nullopt;
  const Dialogue d = analyse(t);
  if (!d.ready) return std::nullopt;
  if (t.size() == 1) {
    return Exchange{"system.local",
                    cql::query(stream, "SELECT release_version, cluster_name FROM system.local"),
                    kReplyCap, step_id(Step::system_local)};
  }
  if (t.size() == 2) {
    const std::string limit = std::to_string(std::min<std::uint32_t>(o.max_items, 1000));
    return Exchange{"tables",
                    cql::query(stream,
                               "SELECT keyspace_name, table_name FROM "
                               "system_schema.tables LIMIT " +
                                   limit),
                    kReplyCap, step_id(Step::tables)};
  }
  const auto tables = user_tables(d);
  const std::size_t want = std::min<std::size_t>(kTablesSampled, o.max_sample_records);
  const std::size_t done = t.size() - 3;
  if (done >= want || done >= tables.size()) return std::nullopt;
  const auto& [ks, table] = tables[done];
  return Exchange{
      "sample " + ks + "." + table,
      cql::query(stream, "SELECT * FROM " + cql::quote(ks) + "." + cql::quote(table) + " LIMIT 5"),
      kReplyCap, step_id(Step::sample), ks + "." + table};
}

Framing CassandraProbe::frame(const Exchange& exchange, std::string_view reply) const {
  auto f = cql::read_frame(reply, exchange.max_reply_bytes);
  if (!f) return Framing::invalid;
  return *f ? Framing::complete : Framing::need_more;
}

Result<Observation> CassandraProbe::parse(const Transcript& t) const {
  Observation obs;
  const Dialogue d = analyse(t);
  if (!d.identified) {
    obs.note = "the reply to STARTUP is not CQL";
    return obs;
  }
  obs.identified = true;
  obs.product = "cassandra";
  obs.version = printable(d.version, 32);
  auto& md = obs.metadata;
  nlohmann::json markers = nlohmann::json::array();
  if (!d.authenticator.empty()) {
    md["authenticator"] = printable(d.authenticator, 128);
    obs.auth_demanded = true;
    obs.proof = "STARTUP";
    obs.note = "STARTUP answered AUTHENTICATE (" + printable(d.authenticator, 80) + ")";
    md["markers"] = markers;
    obs.markers = static_cast<std::uint32_t>(markers.size());
    return obs;
  }
  if (d.ready) markers.push_back("STARTUP answered READY");
  // READY (no authenticator) and a query on system.local answered: a server with
  // PasswordAuthenticator answers AUTHENTICATE and runs no query before a login.
  obs.data_command_accepted = d.ready && !d.version.empty();
  obs.capabilities.read = obs.data_command_accepted;
  if (!d.version.empty()) markers.push_back("system.local names release_version");
  if (!d.cluster.empty()) md["cluster_name"] = printable(d.cluster, 128);
  if (d.tables_done) {
    nlohmann::json tables = nlohmann::json::array();
    for (const auto& [ks, table] : d.tables) tables.push_back(printable(ks + "." + table, 160));
    md["tables"] = tables;
  }
  md["markers"] = markers;
  obs.markers = static_cast<std::uint32_t>(markers.size());
  if (!d.notes.empty()) md["notes"] = d.notes;
  for (const auto& s : d.samples) {
    if (s.rows.rows.empty()) continue;
    std::string data;
    for (const auto& row : s.rows.rows) {
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (c) data += "; ";
        data += (c < s.rows.columns.size() ? s.rows.columns[c] : "?") + "=" +
                row[c].value_or("NULL").substr(0, 512);
      }
      data += "\n";
      if (data.size() >= kSampleBytes) break;
    }
    if (data.size() > kSampleBytes) data.resize(kSampleBytes);
    if (!obs.data_read) obs.proof = s.label;
    obs.data_read = true;
    obs.samples.push_back(Sample{"table " + printable(s.table, 160), "text", data});
  }
  if (obs.data_read) {
    obs.note = "rows read without authentication";
  } else {
    obs.proof = "STARTUP";
    obs.note = "STARTUP answered READY; no rows read";
  }
  return obs;
}

Verdict CassandraProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
