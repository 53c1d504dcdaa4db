#include "probes/redis/redis_dialogue.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace lw::probes::redis {
namespace {

constexpr std::size_t kMaxRenderBytes = 4096;
constexpr std::size_t kMaxNotes = 8;
constexpr std::size_t kMaxCommandsPerRequest = 1024;

std::string_view str_of(const resp::Value& v) {
  return v.text();
}

bool is_string(const resp::Value& v) {
  return v.type == resp::Type::bulk_string || v.type == resp::Type::simple_string ||
         v.type == resp::Type::verbatim;
}

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

bool contains(std::string_view s, std::string_view p) {
  return s.find(p) != std::string_view::npos;
}

// Our own requests, decoded back into argument lists.
std::vector<std::vector<std::string>> decode_request(std::string_view request) {
  std::vector<std::vector<std::string>> out;
  auto seq = resp::parse_sequence(request, kMaxCommandsPerRequest);
  if (!seq) return out;
  for (auto& v : seq->values) {
    std::vector<std::string> args;
    for (auto& a : v.items) args.push_back(std::move(a.str));
    out.push_back(std::move(args));
  }
  return out;
}

Refusal refusal_of(std::string_view error) {
  if (starts_with(error, "NOAUTH") || starts_with(error, "WRONGPASS") ||
      contains(error, "operation not permitted")) {
    return Refusal::noauth;
  }
  if (starts_with(error, "DENIED")) return Refusal::denied;
  if (starts_with(error, "NOPERM")) return Refusal::noperm;
  return Refusal::none;
}

void append_bounded(std::string& out, std::string_view piece) {
  if (out.size() >= kMaxRenderBytes) return;
  out.append(piece.substr(0, kMaxRenderBytes - out.size()));
}

// Renders a value as text lines: strings as they are, pairs as "a: b".
void render(const resp::Value& v, std::string& out, std::uint64_t& elements, bool pairs,
            std::size_t depth = 0) {
  if (depth > 4 || out.size() >= kMaxRenderBytes) return;
  if (is_string(v)) {
    append_bounded(out, str_of(v));
    ++elements;
    return;
  }
  if (v.type == resp::Type::integer || v.type == resp::Type::double_value ||
      v.type == resp::Type::big_number) {
    append_bounded(out, v.type == resp::Type::integer ? std::to_string(v.integer) : v.str);
    ++elements;
    return;
  }
  if (!v.is_aggregate()) return;
  const bool as_pairs = pairs || v.type == resp::Type::map;
  for (std::size_t i = 0; i < v.items.size() && out.size() < kMaxRenderBytes; ++i) {
    render(v.items[i], out, elements, false, depth + 1);
    append_bounded(out, as_pairs && i % 2 == 0 ? ": " : "\n");
  }
}

DbProgress& progress_for(Dialogue& d, std::uint32_t db) {
  for (auto& p : d.dbs) {
    if (p.db == db) return p;
  }
  d.dbs.push_back(DbProgress{});
  d.dbs.back().db = db;
  if (d.info) {
    for (const auto& k : d.info->keyspace) {
      if (k.db == db) d.dbs.back().declared_keys = k.keys;
    }
  }
  return d.dbs.back();
}

void note(Dialogue& d, std::string text) {
  if (d.notes.size() < kMaxNotes) d.notes.push_back(std::move(text));
}

void on_info(Dialogue& d, const Turn& turn) {
  d.info_seen = true;
  auto first = resp::parse_one(turn.reply);
  if (!first) {
    if (first.error().code != ErrorCode::parse_error) d.first_reply_error = first.error();
    return;
  }
  if (first->status == resp::Status::need_more) {
    // A cut INFO reply ("$5123\r\n# Server\r\n..."): read what arrived.
    const std::size_t crlf = turn.reply.find("\r\n");
    if (turn.reply.empty() || turn.reply[0] != '$' || crlf == std::string::npos) return;
    Info info = parse_info(std::string_view(turn.reply).substr(crlf + 2));
    if (!info.has_version) return;
    d.resp_seen = true;
    d.redis_like = true;
    d.info = std::move(info);
    note(d, "INFO reply was cut short");
  } else {
    d.resp_seen = true;
    const resp::Value& v = first->value;
    if (v.is_error()) {
      d.info_error = v.str.substr(0, 256);
      d.refusal = refusal_of(v.str);
      if (d.refusal != Refusal::none) d.refusal_label = turn.exchange.label;
      // Redis's own wording for a renamed or disabled command.
      d.redis_like = d.refusal != Refusal::none || starts_with(v.str, "ERR unknown command");
      return;
    }
    if (!is_string(v)) return;
    Info info = parse_info(v.text());
    if (!info.has_version) return;
    d.redis_like = true;
    d.info = std::move(info);
  }
  const auto mode = d.info->fields.find("redis_mode");
  d.sentinel = mode != d.info->fields.end() && mode->second == "sentinel";
}

void on_scan(Dialogue& d, const Turn& turn, std::uint32_t db,
             const std::vector<resp::Value>& replies, std::size_t first) {
  DbProgress& p = progress_for(d, db);
  ++p.scan_rounds;
  if (first > 0 && (replies.empty() || replies[0].is_error())) {
    p.scan_failed = true;
    note(d, turn.exchange.label + ": SELECT refused");
    return;
  }
  if (replies.size() <= first) {
    p.scan_failed = true;
    return;
  }
  const resp::Value& r = replies[first];
  if (r.is_error()) {
    p.scan_failed = true;
    if (refusal_of(r.str) != Refusal::none && d.refusal == Refusal::none) {
      d.refusal = refusal_of(r.str);
      d.refusal_label = turn.exchange.label;
    }
    note(d, turn.exchange.label + ": " + r.str.substr(0, 128));
    return;
  }
  if (r.type != resp::Type::array || r.items.size() != 2 || !is_string(r.items[0]) ||
      r.items[1].type != resp::Type::array) {
    p.scan_failed = true;
    note(d, turn.exchange.label + ": reply is not [cursor, keys]");
    return;
  }
  p.scan_ok = true;
  p.cursor = std::string(str_of(r.items[0]).substr(0, 32));
  std::set<std::string> seen(p.keys.begin(), p.keys.end());
  for (const auto& k : r.items[1].items) {
    if (p.keys.size() >= kMaxKeysPerDb) break;
    if (!is_string(k)) continue;
    std::string key(str_of(k));
    if (seen.insert(key).second) p.keys.push_back(std::move(key));
  }
}

std::string type_of_read(std::string_view command) {
  if (command == "GETRANGE") return "string";
  if (command == "LRANGE") return "list";
  if (command == "HSCAN") return "hash";
  if (command == "SSCAN") return "set";
  if (command == "ZRANGE") return "zset";
  if (command == "XRANGE") return "stream";
  return {};
}

void on_read(DbProgress& p, const std::vector<std::vector<std::string>>& commands,
             const std::vector<resp::Value>& replies, std::size_t first) {
  p.read = true;
  for (std::size_t i = first; i < commands.size() && i < replies.size(); ++i) {
    if (commands[i].size() < 2) continue;
    KeyRead kr;
    kr.key = commands[i][1];
    kr.type = type_of_read(commands[i][0]);
    const resp::Value& r = replies[i];
    if (!r.is_error() && r.type != resp::Type::null) {
      const bool scan_shape = kr.type == "hash" || kr.type == "set";
      const resp::Value* body = &r;
      if (scan_shape && r.type == resp::Type::array && r.items.size() == 2) body = &r.items[1];
      const bool pairs = kr.type == "hash" || kr.type == "zset";
      render(*body, kr.rendered, kr.elements, pairs);
      kr.got_data = kr.elements > 0 && !kr.rendered.empty();
    }
    p.reads.push_back(std::move(kr));
  }
}

void on_turn(Dialogue& d, const Turn& turn) {
  const auto commands = decode_request(turn.exchange.request);
  if (commands.empty()) return;
  const bool select = commands[0].size() == 2 && commands[0][0] == "SELECT";
  std::uint32_t db = 0;
  if (select) {
    const std::string& n = commands[0][1];
    const auto [ptr, ec] = std::from_chars(n.data(), n.data() + n.size(), db);
    if (ec != std::errc{} || ptr != n.data() + n.size()) return;
  }
  const std::size_t first = select ? 1 : 0;
  if (first >= commands.size() || commands[first].empty()) return;
  auto seq = resp::parse_sequence(turn.reply, commands.size());
  if (!seq) {
    note(d, turn.exchange.label + ": " + seq.error().describe());
    return;
  }
  const auto& replies = seq->values;
  const std::string& verb = commands[first][0];
  if (verb == "SCAN") {
    on_scan(d, turn, db, replies, first);
  } else if (verb == "TYPE") {
    DbProgress& p = progress_for(d, db);
    p.typed = true;
    for (std::size_t i = first; i < commands.size() && i < replies.size(); ++i) {
      if (commands[i].size() == 2 && is_string(replies[i]) && !replies[i].is_error()) {
        p.types.emplace_back(commands[i][1], std::string(str_of(replies[i]).substr(0, 32)));
      }
    }
  } else {
    DbProgress& p = progress_for(d, db);
    if (p.read_label.empty()) p.read_label = turn.exchange.label;
    on_read(p, commands, replies, first);
  }
}

std::string db_label(std::uint32_t db) {
  return "db" + std::to_string(db);
}

}  // namespace

Dialogue analyse(const Transcript& transcript) {
  Dialogue d;
  for (std::size_t i = 0; i < transcript.size(); ++i) {
    const Turn& turn = transcript[i];
    if (i == 0) {
      on_info(d, turn);
      continue;
    }
    if (!d.redis_like) break;
    on_turn(d, turn);
  }
  return d;
}

std::string read_command(std::string_view key, std::string_view type) {
  const std::string n = std::to_string(kCollectionReadCount);
  const std::string last = std::to_string(kCollectionReadCount - 1);
  if (type == "string") {
    return resp::command({"GETRANGE", key, "0", std::to_string(kStringReadBytes - 1)});
  }
  if (type == "list") return resp::command({"LRANGE", key, "0", last});
  if (type == "hash") return resp::command({"HSCAN", key, "0", "COUNT", n});
  if (type == "set") return resp::command({"SSCAN", key, "0", "COUNT", n});
  if (type == "zset") return resp::command({"ZRANGE", key, "0", last, "WITHSCORES"});
  if (type == "stream") return resp::command({"XRANGE", key, "-", "+", "COUNT", n});
  return {};
}

std::optional<Exchange> next_exchange(const ProbeOptions& options, const Transcript& t) {
  if (t.empty()) return Exchange{"INFO", resp::command({"INFO"}), kInfoReplyCap};
  // A reply that did not end cleanly leaves the connection out of step: stop there.
  if (t.back().end != ReplyEnd::complete) return std::nullopt;
  const Dialogue d = analyse(t);
  if (!d.redis_like || d.refusal != Refusal::none || d.sentinel) return std::nullopt;

  std::vector<std::pair<std::uint32_t, std::uint64_t>> targets;  // db, declared keys
  if (d.info) {
    for (const auto& k : d.info->keyspace) {
      if (k.keys > 0 && targets.size() < kMaxDbsVisited) targets.emplace_back(k.db, k.keys);
    }
  } else if (!d.info_error.empty()) {
    targets.emplace_back(0, 0);  // INFO disabled: try the default database
  }

  std::size_t keys_used = 0;
  std::size_t reads_used = 0;
  for (const auto& p : d.dbs) reads_used += p.reads.size();
  for (const auto& [db, declared] : targets) {
    (void)declared;
    if (keys_used >= options.max_items) break;
    const std::size_t want = std::min<std::size_t>(options.max_items - keys_used, kMaxKeysPerDb);
    const DbProgress* p = nullptr;
    for (const auto& q : d.dbs) {
      if (q.db == db) p = &q;
    }
    const std::string select = db == 0 ? "" : resp::command({"SELECT", std::to_string(db)});
    const std::string label_db = db_label(db);
    if (p == nullptr || (!p->scan_failed && p->cursor != "0" && p->keys.size() < want &&
                         p->scan_rounds < kMaxScanRounds)) {
      const std::string cursor = p == nullptr ? "0" : p->cursor;
      return Exchange{"SCAN " + label_db + " cursor " + cursor,
                      select + resp::command({"SCAN", cursor, "COUNT", std::to_string(kScanCount)}),
                      kScanReplyCap};
    }
    if (p->scan_failed) continue;
    std::vector<std::string_view> keys;
    for (const auto& k : p->keys) {
      if (keys.size() >= want) break;
      if (k.size() <= kMaxKeyBytes) keys.push_back(k);
    }
    keys_used += keys.size();
    if (!p->typed && !keys.empty()) {
      std::string req = select;
      for (const auto k : keys) req += resp::command({"TYPE", k});
      return Exchange{"TYPE " + label_db + " (" + std::to_string(keys.size()) + " keys)", req,
                      kTypeReplyCap};
    }
    if (!p->read && reads_used < options.max_sample_records) {
      std::string req;
      std::size_t n = 0;
      for (const auto& [key, type] : p->types) {
        if (reads_used + n >= options.max_sample_records) break;
        std::string cmd = read_command(key, type);
        if (cmd.empty()) continue;
        req += cmd;
        ++n;
      }
      if (n > 0) {
        return Exchange{"READ " + label_db + " (" + std::to_string(n) + " keys)", select + req,
                        kReadReplyCap};
      }
    }
  }
  return std::nullopt;
}

}  // namespace lw::probes::redis
