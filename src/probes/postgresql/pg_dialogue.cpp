#include "probes/postgresql/pg_dialogue.h"

#include <algorithm>
#include <charconv>

#include "probes/common/sampler.h"

namespace lw::probes::pg {
namespace {

constexpr std::size_t kMaxParams = 64;
constexpr std::size_t kMaxNotes = 8;

template <class T>
std::optional<T> number(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  T v{};
  const auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc{} || p != s->data() + s->size()) return std::nullopt;
  return v;
}

void note(Dialogue& d, std::string s) {
  if (d.notes.size() < kMaxNotes) d.notes.push_back(std::move(s));
}

bool known_auth(std::uint32_t code) {
  return code == 0 || code == 2 || code == 3 || code == 5 || code == 6 || code == 7 || code == 8 ||
         code == 9 || code == 10 || code == 11 || code == 12;
}

void on_startup(Dialogue& d, const Turn& turn) {
  if (is_step(turn.exchange, Step::ssl_request)) {
    d.ssl_only = true;
    if (turn.reply.size() == 1 && (turn.reply[0] == 'S' || turn.reply[0] == 'N')) {
      d.identified = true;
      d.ssl_answer = turn.reply[0];
    }
    return;
  }
  auto split = split_messages(turn.reply);
  if (!split || split->messages.empty()) return;
  const Message& first = split->messages.front();
  if (first.type == 'R') {
    const auto code = auth_code(first.body);
    if (!code || !known_auth(*code) || first.body.size() > 1024) return;
  } else if (first.type == 'E') {
    const Notice n = parse_notice(first.body);
    if (n.code.size() != 5 || n.severity.empty()) return;
  } else {
    return;
  }
  d.identified = true;
  for (const auto& m : split->messages) {
    if (m.type == 'R' && !d.auth) d.auth = auth_code(m.body);
    if (m.type == 'E' && !d.startup_error) d.startup_error = parse_notice(m.body);
    if (m.type == 'S' && d.params.size() < kMaxParams) {
      if (auto p = parameter_status(m.body)) d.params[p->first] = p->second.substr(0, 256);
    }
    if (m.type == 'Z') d.ready = true;
  }
}

}  // namespace

QueryResult read_result(std::string_view reply) {
  QueryResult out;
  auto split = split_messages(reply);
  if (!split) {
    out.error = Notice{"ERROR", "", split.error().describe()};
    return out;
  }
  for (const auto& m : split->messages) {
    if (m.type == 'T') {
      auto cols = row_description(m.body);
      if (cols) {
        out.columns = std::move(*cols);
        out.rows.clear();
      }
    } else if (m.type == 'D' && out.rows.size() < kMaxRowsKept) {
      auto row = data_row(m.body);
      if (row) out.rows.push_back(std::move(*row));
    } else if (m.type == 'E') {
      out.error = parse_notice(m.body);
    } else if (m.type == 'Z') {
      out.ready = true;
    }
  }
  return out;
}

Dialogue analyse(const Transcript& t) {
  Dialogue d;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Turn& turn = t[i];
    if (i == 0) {
      on_startup(d, turn);
      if (!d.identified) break;
      continue;
    }
    QueryResult r = read_result(turn.reply);
    if (r.error) note(d, turn.exchange.label + ": " + r.error->code + " " + r.error->message);
    const Exchange& ex = turn.exchange;
    if (is_step(ex, Step::databases)) {
      d.databases_done = true;
      for (const auto& row : r.rows) {
        if (row.size() < 2 || !row[0]) continue;
        d.databases.emplace_back(*row[0], number<std::uint64_t>(row[1]));
      }
    } else if (is_step(ex, Step::tables)) {
      d.tables_done = true;
      for (const auto& row : r.rows) {
        if (row.size() < 4 || !row[0] || !row[1] || d.tables.size() >= kMaxTablesListed) continue;
        Table table{*row[0], *row[1], number<std::int64_t>(row[2]).value_or(-1),
                    number<std::uint64_t>(row[3]).value_or(0), ""};
        if (row.size() >= 6) {
          if (row[4]) table.columns = row[4]->substr(0, kColumnsBytes);
          d.tables_total = std::max(d.tables_total, number<std::uint64_t>(row[5]).value_or(0));
        }
        d.tables.push_back(std::move(table));
      }
      d.tables_total = std::max<std::uint64_t>(d.tables_total, d.tables.size());
    } else if (is_step(ex, Step::sample)) {
      d.samples.push_back(TableSample{ex.label, ex.subject, std::move(r)});
    }
  }
  return d;
}

std::vector<const Table*> choose_tables(const Dialogue& d, std::size_t budget) {
  std::vector<const Table*> eligible;
  std::vector<std::string> names;
  std::vector<std::string_view> columns;
  for (const auto& table : d.tables) {
    if (table.rows_estimate == 0) continue;  // known empty
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

std::optional<Exchange> next_exchange(const ProbeOptions& options, const Transcript& t,
                                      std::string_view database) {
  if (t.empty()) {
    if (!options.default_logins) {
      return Exchange{"SSLRequest", ssl_request(), 1, step_id(Step::ssl_request)};
    }
    return Exchange{"startup user=postgres", startup_message(kUser, database, "leakwatch"),
                    kStartupCap, step_id(Step::startup)};
  }
  if (t.back().end != ReplyEnd::complete) return std::nullopt;
  const Dialogue d = analyse(t);
  if (!d.identified || d.ssl_only || d.auth != 0u || !d.ready) return std::nullopt;
  // Every session is read-only with a statement timeout before it reads anything.
  const std::string session =
      "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; "
      "SET statement_timeout = " +
      std::to_string(kStatementTimeoutMs) + "; ";
  const std::string limit = std::to_string(std::min<std::uint32_t>(options.max_items, 1000));
  if (!d.databases_done && database == kDatabase) {
    return Exchange{
        "databases",
        query_message(session +
                      "SELECT d.datname, CASE WHEN has_database_privilege(d.datname, 'CONNECT') "
                      "THEN pg_database_size(d.datname) END FROM pg_database d "
                      "WHERE NOT d.datistemplate ORDER BY 2 DESC NULLS LAST LIMIT " +
                      limit),
        kQueryCap, step_id(Step::databases)};
  }
  if (!d.tables_done) {
    return Exchange{
        "tables",
        query_message(session +
                      "SELECT n.nspname, c.relname, c.reltuples::bigint, "
                      "pg_total_relation_size(c.oid), left((SELECT string_agg(a.attname, ',' "
                      "ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = c.oid AND "
                      "a.attnum > 0 AND NOT a.attisdropped), " +
                      std::to_string(kColumnsBytes) +
                      "), count(*) OVER () FROM pg_class c JOIN pg_namespace n ON "
                      "n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname "
                      "NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE "
                      "'pg_toast%' AND has_table_privilege(c.oid, 'SELECT') "
                      "ORDER BY 4 DESC, 2 LIMIT " +
                      std::to_string(kMaxTablesListed)),
        kTablesCap, step_id(Step::tables)};
  }
  const std::size_t want = std::min<std::size_t>(
      kMaxTablesSampled, std::max<std::size_t>(1, options.max_sample_records / kRowsPerTable));
  if (options.max_sample_records == 0) return std::nullopt;
  for (const Table* table : choose_tables(d, want)) {
    const std::string name = table->schema + "." + table->name;
    bool done = false;
    for (const auto& s : d.samples) done = done || s.table == name;
    if (done) continue;
    return Exchange{
        "sample " + name,
        query_message("SELECT * FROM " + quote_ident(table->schema) + "." +
                      quote_ident(table->name) + " LIMIT " + std::to_string(kRowsPerTable)),
        kQueryCap, step_id(Step::sample), name};
  }
  return std::nullopt;
}

}  // namespace lw::probes::pg
