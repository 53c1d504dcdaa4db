#include "probes/redis/redis_dialogue.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "probes/common/sampler.h"

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
    d.info_cut = true;
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
  std::size_t listed = 0;
  for (const auto& q : d.dbs) listed += q.keys.size();
  for (const auto& k : r.items[1].items) {
    if (p.keys.size() >= kMaxKeysPerDb || listed >= kMaxKeysListed) break;
    if (!is_string(k)) continue;
    std::string key(str_of(k));
    if (p.key_set.insert(key).second) {
      p.keys.push_back(std::move(key));
      ++listed;
    }
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
  // Every key asked is recorded, answered or not, so the dialogue never asks it again.
  for (std::size_t i = first; i < commands.size(); ++i) {
    if (commands[i].size() < 2) continue;
    KeyRead kr;
    kr.key = commands[i][1];
    kr.type = type_of_read(commands[i][0]);
    if (i >= replies.size()) {
      p.reads.push_back(std::move(kr));
      continue;
    }
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

void on_config(Dialogue& d, const std::vector<resp::Value>& replies) {
  d.config = ConfigGet::other;
  if (replies.empty()) return;
  const resp::Value& r = replies[0];
  if (r.is_error()) {
    d.config = ConfigGet::refused;
    d.config_error = r.str.substr(0, 128);
    return;
  }
  // RESP2 answers an array ["dir", path], RESP3 a map {dir: path}.
  if ((r.type == resp::Type::array || r.type == resp::Type::map) && r.items.size() == 2 &&
      is_string(r.items[0]) && str_of(r.items[0]) == "dir" && is_string(r.items[1])) {
    d.config = ConfigGet::answered;
    d.config_dir = std::string(str_of(r.items[1]).substr(0, 256));
  }
}

void on_turn(Dialogue& d, const Turn& turn, ValueReplies values) {
  const auto commands = decode_request(turn.exchange.request);
  if (commands.empty()) return;
  if (commands[0].size() == 3 && commands[0][0] == "CONFIG" && commands[0][1] == "GET") {
    auto seq = resp::parse_sequence(turn.reply, 1);
    on_config(d, seq ? seq->values : std::vector<resp::Value>{});
    return;
  }
  const bool select = commands[0].size() == 2 && commands[0][0] == "SELECT";
  std::uint32_t db = 0;
  if (select) {
    const std::string& n = commands[0][1];
    const auto [ptr, ec] = std::from_chars(n.data(), n.data() + n.size(), db);
    if (ec != std::errc{} || ptr != n.data() + n.size()) return;
  }
  const std::size_t first = select ? 1 : 0;
  if (first >= commands.size() || commands[first].empty()) return;
  const std::string& verb = commands[first][0];
  if (values == ValueReplies::skip && verb != "SCAN" && verb != "TYPE") {
    DbProgress& p = progress_for(d, db);
    if (p.read_label.empty()) p.read_label = turn.exchange.label;
    on_read(p, commands, {}, first);
    return;
  }
  auto seq = resp::parse_sequence(turn.reply, commands.size());
  std::vector<resp::Value> none;
  if (!seq) note(d, turn.exchange.label + ": " + seq.error().describe());
  const auto& replies = seq ? seq->values : none;
  if (verb == "SCAN") {
    on_scan(d, turn, db, replies, first);
  } else if (verb == "TYPE") {
    DbProgress& p = progress_for(d, db);
    p.typed = true;
    // Every key asked is recorded (type "" when the reply was an error or missing).
    for (std::size_t i = first; i < commands.size(); ++i) {
      if (commands[i].size() != 2) continue;
      const bool ok = i < replies.size() && is_string(replies[i]) && !replies[i].is_error();
      p.types.emplace_back(commands[i][1], ok ? std::string(str_of(replies[i]).substr(0, 32)) : "");
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

Dialogue analyse(const Transcript& transcript, ValueReplies values) {
  Dialogue d;
  for (std::size_t i = 0; i < transcript.size(); ++i) {
    const Turn& turn = transcript[i];
    if (i == 0) {
      on_info(d, turn);
      continue;
    }
    if (!d.redis_like) break;
    if (turn.end == ReplyEnd::cap_reached) {
      note(d, turn.exchange.label + ": reply over the " +
                  std::to_string(turn.exchange.max_reply_bytes) + "-byte cap; stopped there");
    }
    on_turn(d, turn, values);
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

std::vector<ChosenKey> choose_keys(const Dialogue& d, std::size_t budget) {
  std::vector<ChosenKey> all;
  std::vector<std::string> groups;
  for (const auto& p : d.dbs) {
    for (const auto& k : p.keys) {
      if (k.size() > kMaxKeyBytes) continue;
      all.push_back(ChosenKey{p.db, k});
      groups.push_back(db_label(p.db) + ":" + group_of(k));
    }
  }
  std::vector<SampleCandidate> candidates;
  candidates.reserve(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    candidates.push_back(SampleCandidate{all[i].key, groups[i], 0});
  }
  const SamplePlan plan = plan_sample(candidates, budget);
  std::vector<ChosenKey> out;
  out.reserve(plan.order.size());
  for (const std::size_t i : plan.order) out.push_back(all[i]);
  return out;
}

namespace {

// The dialogue's last request, once: whether CONFIG answers a client without credentials.
std::optional<Exchange> config_get(const Dialogue& d) {
  if (d.config != ConfigGet::not_asked) return std::nullopt;
  return Exchange{std::string(kConfigLabel), resp::command({"CONFIG", "GET", "dir"}),
                  kConfigReplyCap};
}

}  // namespace

std::optional<Exchange> next_exchange(const ProbeOptions& options, const Transcript& t) {
  if (t.empty()) return Exchange{"INFO", resp::command({"INFO"}), kInfoReplyCap};
  // A reply that did not end cleanly leaves the connection out of step: stop there.
  if (t.back().end != ReplyEnd::complete) return std::nullopt;
  const Dialogue d = analyse(t, ValueReplies::skip);
  if (!d.redis_like || d.refusal != Refusal::none || d.sentinel) return std::nullopt;
  if (d.config != ConfigGet::not_asked || t.size() >= kMaxTurns) return std::nullopt;
  // The last exchange of the turn cap is kept for CONFIG GET.
  if (options.max_items == 0 || t.size() + 1 >= kMaxTurns) return config_get(d);

  std::vector<std::uint32_t> targets;
  if (d.info) {
    for (const auto& k : d.info->keyspace) {
      if (k.keys > 0 && targets.size() < kMaxDbsVisited) targets.push_back(k.db);
    }
  } else if (!d.info_error.empty()) {
    targets.push_back(0);  // INFO disabled: try the default database
  }
  // SELECT changes the connection's database until the next SELECT: once one was sent, every
  // request names its database, db 0 too.
  bool selected = false;
  for (const Turn& turn : t) {
    selected = selected || turn.exchange.request.starts_with("*2\r\n$6\r\nSELECT\r\n");
  }
  const auto select_for = [selected](std::uint32_t db) {
    return db == 0 && !selected ? std::string() : resp::command({"SELECT", std::to_string(db)});
  };
  std::map<std::uint32_t, const DbProgress*> progress;
  std::size_t listed = 0;
  for (const auto& q : d.dbs) {
    progress[q.db] = &q;
    listed += q.keys.size();
  }
  // 1. List key names in every database with keys, within the caps.
  for (const std::uint32_t db : targets) {
    const auto it = progress.find(db);
    const DbProgress* p = it == progress.end() ? nullptr : it->second;
    if (p != nullptr && (p->scan_failed || p->cursor == "0" || p->keys.size() >= kMaxKeysPerDb ||
                         p->scan_rounds >= kMaxScanRounds)) {
      continue;
    }
    if (listed >= kMaxKeysListed) break;
    const std::string cursor = p == nullptr ? "0" : p->cursor;
    return Exchange{
        "SCAN " + db_label(db) + " cursor " + cursor,
        select_for(db) + resp::command({"SCAN", cursor, "COUNT", std::to_string(kScanCount)}),
        kScanReplyCap};
  }
  // 2. The sampler's choice, typed database by database.
  const auto chosen = choose_keys(d, options.max_sample_records);
  std::map<std::uint32_t, std::map<std::string, std::string>> types;  // db -> key -> type
  std::map<std::uint32_t, std::set<std::string>> read;
  for (const auto& q : d.dbs) {
    for (const auto& [key, type] : q.types) types[q.db][key] = type;
    for (const auto& r : q.reads) read[q.db].insert(r.key);
  }
  for (const std::uint32_t db : targets) {
    std::string req;
    std::size_t n = 0;
    for (const auto& c : chosen) {
      if (c.db != db || n >= kTypeBatch) continue;
      if (types[db].count(c.key)) continue;
      req += resp::command({"TYPE", c.key});
      ++n;
    }
    if (n > 0) {
      return Exchange{"TYPE " + db_label(db) + " (" + std::to_string(n) + " keys)",
                      select_for(db) + req, kTypeReplyCap};
    }
  }
  // 3. Values, in the sampler's order, a batch of one database at a time.
  std::optional<std::uint32_t> batch_db;
  std::string req;
  std::size_t n = 0;
  for (const auto& c : chosen) {
    if (batch_db && c.db != *batch_db) continue;
    if (read[c.db].count(c.key)) continue;
    const auto ty = types[c.db].find(c.key);
    if (ty == types[c.db].end()) continue;
    std::string cmd = read_command(c.key, ty->second);
    if (cmd.empty()) continue;
    batch_db = c.db;
    req += cmd;
    if (++n >= kReadBatch) break;
  }
  if (n > 0) {
    return Exchange{"READ " + db_label(*batch_db) + " (" + std::to_string(n) + " keys)",
                    select_for(*batch_db) + req, kReadReplyCap};
  }
  return config_get(d);
}

}  // namespace lw::probes::redis
