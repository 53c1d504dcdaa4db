#include "probes/mysql/mysql_dialogue.h"

#include <algorithm>
#include <charconv>

#include "probes/common/sampler.h"

namespace lw::probes::mysql {
namespace {

constexpr std::size_t kMaxNotes = 8;

std::optional<std::uint64_t> number(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc{} || p != s->data() + s->size()) return std::nullopt;
  return v;
}

void note(Dialogue& d, std::string s) {
  if (d.notes.size() < kMaxNotes) d.notes.push_back(std::move(s));
}

void on_greeting(Dialogue& d, const Turn& turn) {
  auto packets = split_packets(turn.reply);
  if (!packets || packets->empty()) return;
  const Packet& p = packets->front();
  if (auto e = parse_err(p.payload)) {
    // A refusal before the handshake carries no SQL state; MySQL words it like this.
    if (e->message.find("is not allowed to connect") != std::string::npos ||
        e->message.find("connections") != std::string::npos ||
        e->message.find("blocked") != std::string::npos) {
      d.greeting_error = e;
    }
    return;
  }
  auto g = parse_greeting(p.payload);
  if (!g) return;
  d.greeting = std::move(*g);
  d.greeting_seq = p.seq;
}

void on_login_reply(Dialogue& d, const Turn& turn) {
  d.login_label = turn.exchange.label;
  auto packets = split_packets(turn.reply);
  if (!packets || packets->empty()) return;
  const Packet& p = packets->front();
  if (auto e = parse_err(p.payload)) {
    d.login_error = e;
    return;
  }
  if (is_ok(p.payload)) {
    d.logged_in = true;
    return;
  }
  if (!p.payload.empty() && static_cast<unsigned char>(p.payload[0]) == 0xfe) {
    std::string_view rest = p.payload.substr(1);
    d.switch_plugin = std::string(rest.substr(0, std::min<std::size_t>(rest.find('\0'), 64)));
    d.switch_seq = p.seq;
  }
}

}  // namespace

Dialogue analyse(const Transcript& t) {
  Dialogue d;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Turn& turn = t[i];
    const Exchange& ex = turn.exchange;
    const std::string& label = ex.label;
    if (i == 0) {
      on_greeting(d, turn);
      if (!d.greeting) break;
      continue;
    }
    if (is_step(ex, Step::login)) {
      d.login_sent = true;
      on_login_reply(d, turn);
      continue;
    }
    if (is_step(ex, Step::auth_switch)) {
      d.switch_sent = true;
      d.switch_plugin.reset();
      on_login_reply(d, turn);
      continue;
    }
    auto packets = split_packets(turn.reply);
    if (!packets) {
      note(d, label + ": " + packets.error().describe());
      continue;
    }
    auto rs = read_result_set(*packets, kMaxRowsKept);
    if (!rs) {
      note(d, label + ": " + rs.error().describe());
      continue;
    }
    if (rs->error)
      note(d, label + ": " + std::to_string(rs->error->code) + " " + rs->error->message);
    if (is_step(ex, Step::read_only)) {
      d.read_only_done = true;
    } else if (is_step(ex, Step::statement_timeout)) {
      d.timeout_done = true;
    } else if (is_step(ex, Step::databases)) {
      d.databases_done = true;
      for (const auto& row : rs->rows) {
        if (!row.empty() && row[0]) d.databases.push_back(*row[0]);
      }
    } else if (is_step(ex, Step::tables)) {
      d.tables_done = true;
      for (const auto& row : rs->rows) {
        if (row.size() < 4 || !row[0] || !row[1] || d.tables.size() >= kMaxTablesListed) continue;
        Table table{*row[0], *row[1], number(row[2]), number(row[3]), ""};
        if (row.size() >= 6) {
          if (row[4]) table.columns = row[4]->substr(0, kColumnsBytes);
          d.tables_total = std::max(d.tables_total, number(row[5]).value_or(0));
        }
        d.tables.push_back(std::move(table));
      }
      d.tables_total = std::max<std::uint64_t>(d.tables_total, d.tables.size());
    } else if (is_step(ex, Step::sample)) {
      d.samples.push_back(TableSample{label, ex.subject, std::move(*rs)});
    }
  }
  return d;
}

std::optional<Exchange> next_exchange(const ProbeOptions& options, const Transcript& t) {
  if (t.empty()) return Exchange{"greeting", "", kGreetingCap, step_id(Step::greeting)};
  if (t.back().end != ReplyEnd::complete) return std::nullopt;
  const Dialogue d = analyse(t);
  if (!d.greeting || !options.default_logins) return std::nullopt;
  if (!d.login_sent) {
    return Exchange{"login root (empty password)",
                    handshake_response("root", "mysql_native_password",
                                       static_cast<std::uint8_t>(d.greeting_seq + 1)),
                    kLoginCap, step_id(Step::login)};
  }
  if (d.switch_plugin && !d.switch_sent) {
    return Exchange{"auth switch " + *d.switch_plugin + " (empty password)",
                    empty_auth_packet(static_cast<std::uint8_t>(d.switch_seq + 1)), kLoginCap,
                    step_id(Step::auth_switch)};
  }
  if (!d.logged_in) return std::nullopt;
  // The session is read-only with a statement time limit before it reads anything (MariaDB:
  // max_statement_time in seconds; MySQL 5.7.8+: max_execution_time in milliseconds).
  if (!d.read_only_done) {
    return Exchange{"read-only session", query_packet("SET SESSION TRANSACTION READ ONLY"),
                    kLoginCap, step_id(Step::read_only)};
  }
  if (!d.timeout_done) {
    const bool mariadb = d.greeting->server_version.find("MariaDB") != std::string::npos;
    return Exchange{"statement timeout",
                    query_packet(mariadb ? "SET SESSION max_statement_time = " +
                                               std::to_string(kStatementTimeoutMs / 1000)
                                         : "SET SESSION max_execution_time = " +
                                               std::to_string(kStatementTimeoutMs)),
                    kLoginCap, step_id(Step::statement_timeout)};
  }
  if (!d.databases_done)
    return Exchange{"SHOW DATABASES", query_packet("SHOW DATABASES"), kQueryCap,
                    step_id(Step::databases)};
  const std::string limit = std::to_string(kMaxTablesListed);
  const std::string user_tables =
      "table_schema NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys') AND "
      "table_type = 'BASE TABLE'";
  if (!d.tables_done) {
    return Exchange{
        "tables",
        query_packet("SELECT t.table_schema, t.table_name, t.table_rows, t.data_length + "
                     "t.index_length, LEFT((SELECT GROUP_CONCAT(c.column_name ORDER BY "
                     "c.ordinal_position SEPARATOR ',') FROM information_schema.columns c WHERE "
                     "c.table_schema = t.table_schema AND c.table_name = t.table_name), " +
                     std::to_string(kColumnsBytes) +
                     "), (SELECT COUNT(*) FROM information_schema.tables WHERE " + user_tables +
                     ") FROM information_schema.tables t WHERE t." + user_tables +
                     " ORDER BY 4 DESC, 1, 2 LIMIT " + limit),
        kTablesCap, step_id(Step::tables)};
  }
  if (options.max_sample_records == 0) return std::nullopt;
  const std::size_t want = std::min<std::size_t>(
      kMaxTablesSampled, std::max<std::size_t>(1, options.max_sample_records / kRowsPerTable));
  for (const Table* table : choose_tables(d, want)) {
    const std::string name = table->schema + "." + table->name;
    bool done = false;
    for (const auto& s : d.samples) done = done || s.table == name;
    if (done) continue;
    return Exchange{
        "sample " + name,
        query_packet("SELECT * FROM " + quote_ident(table->schema) + "." +
                     quote_ident(table->name) + " LIMIT " + std::to_string(kRowsPerTable)),
        kQueryCap, step_id(Step::sample), name};
  }
  return std::nullopt;
}

std::vector<const Table*> choose_tables(const Dialogue& d, std::size_t budget) {
  std::vector<const Table*> eligible;
  std::vector<std::string> names;
  std::vector<std::string_view> columns;
  for (const auto& table : d.tables) {
    if (table.rows && *table.rows == 0) continue;  // known empty
    eligible.push_back(&table);
    names.push_back(table.schema + "." + table.name);
    columns.push_back(table.columns);
  }
  const SamplePlan plan = plan_tables(names, columns, budget);
  std::vector<const Table*> out;
  out.reserve(plan.order.size());
  for (const std::size_t i : plan.order) out.push_back(eligible[i]);
  return out;
}

}  // namespace lw::probes::mysql
