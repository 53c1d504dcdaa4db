#include "probes/mysql/mysql_dialogue.h"

#include <charconv>

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
    const std::string& label = turn.exchange.label;
    if (i == 0) {
      on_greeting(d, turn);
      if (!d.greeting) break;
      continue;
    }
    if (label.starts_with("login")) {
      d.login_sent = true;
      on_login_reply(d, turn);
      continue;
    }
    if (label.starts_with("auth switch")) {
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
    if (label == "SHOW DATABASES") {
      d.databases_done = true;
      for (const auto& row : rs->rows) {
        if (!row.empty() && row[0]) d.databases.push_back(*row[0]);
      }
    } else if (label == "tables") {
      d.tables_done = true;
      for (const auto& row : rs->rows) {
        if (row.size() < 4 || !row[0] || !row[1]) continue;
        d.tables.push_back(Table{*row[0], *row[1], number(row[2]), number(row[3])});
      }
    } else if (label.starts_with("sample ")) {
      d.samples.push_back(TableSample{label, label.substr(7), std::move(*rs)});
    }
  }
  return d;
}

std::optional<Exchange> next_exchange(const ProbeOptions& options, const Transcript& t) {
  if (t.empty()) return Exchange{"greeting", "", kGreetingCap};
  if (t.back().end != ReplyEnd::complete) return std::nullopt;
  const Dialogue d = analyse(t);
  if (!d.greeting || !options.default_logins) return std::nullopt;
  if (!d.login_sent) {
    return Exchange{"login root (empty password)",
                    handshake_response("root", "mysql_native_password",
                                       static_cast<std::uint8_t>(d.greeting_seq + 1)),
                    kLoginCap};
  }
  if (d.switch_plugin && !d.switch_sent) {
    return Exchange{"auth switch " + *d.switch_plugin + " (empty password)",
                    empty_auth_packet(static_cast<std::uint8_t>(d.switch_seq + 1)), kLoginCap};
  }
  if (!d.logged_in) return std::nullopt;
  if (!d.databases_done)
    return Exchange{"SHOW DATABASES", query_packet("SHOW DATABASES"), kQueryCap};
  const std::string limit = std::to_string(std::min<std::uint32_t>(options.max_items, 1000));
  if (!d.tables_done) {
    return Exchange{"tables",
                    query_packet("SELECT table_schema, table_name, table_rows, "
                                 "data_length + index_length FROM information_schema.tables "
                                 "WHERE table_schema NOT IN ('mysql', 'information_schema', "
                                 "'performance_schema', 'sys') AND table_type = 'BASE TABLE' "
                                 "ORDER BY 4 DESC, 1, 2 LIMIT " +
                                 limit),
                    kQueryCap};
  }
  const std::size_t want = std::min<std::size_t>(kMaxTablesSampled, options.max_sample_records);
  std::size_t considered = 0;
  for (const auto& table : d.tables) {
    if (considered >= want) break;
    if (table.rows && *table.rows == 0) continue;
    ++considered;
    const std::string name = table.schema + "." + table.name;
    bool done = false;
    for (const auto& s : d.samples) done = done || s.table == name;
    if (done) continue;
    return Exchange{
        "sample " + name,
        query_packet("SELECT * FROM " + quote_ident(table.schema) + "." + quote_ident(table.name) +
                     " LIMIT " + std::to_string(kRowsPerTable)),
        kQueryCap};
  }
  return std::nullopt;
}

}  // namespace lw::probes::mysql
