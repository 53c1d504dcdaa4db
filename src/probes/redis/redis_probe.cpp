#include "probes/redis/redis_probe.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "core/bytes.h"
#include "probes/common/sample_budget.h"
#include "probes/common/sample_text.h"
#include "probes/common/sampler.h"
#include "probes/redis/redis_dialogue.h"

namespace lw::probes {
namespace {

using redis::Dialogue;
using redis::Refusal;

constexpr std::array<std::uint16_t, 2> kPorts{6379, 6380};
constexpr std::size_t kMaxCommandsFramed = 1024;
constexpr std::size_t kKeyNameShown = 128;

const ProbeInfo kInfo{
    .id = "redis",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::cache,
    .max_reply_bytes = redis::kReadReplyCap,
    .server_speaks_first = false,
};

std::uint64_t to_u64(const std::string& s) {
  std::uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::string db_note(std::uint32_t db, std::size_t read, std::uint64_t declared,
                    std::size_t listed) {
  std::string s = "db" + std::to_string(db) + ": " +
                  coverage_note(read, static_cast<std::size_t>(declared), "keys");
  if (listed < declared) s += " (" + std::to_string(listed) + " names listed)";
  return s;
}

void fill_metadata(const Dialogue& d, Observation& obs) {
  auto& md = obs.metadata;
  nlohmann::json markers = nlohmann::json::array();
  if (d.info) {
    const auto& f = d.info->fields;
    for (const auto name : redis::recorded_info_fields()) {
      const auto it = f.find(std::string(name));
      if (it != f.end()) md["info"][std::string(name)] = printable(it->second, 128);
    }
    const auto server = f.find("server_name");
    const auto valkey = f.find("valkey_version");
    const auto version = f.find("redis_version");
    obs.product = server != f.end() && server->second == "valkey" ? "valkey" : "redis";
    if (obs.product == "valkey" && valkey != f.end()) {
      obs.version = printable(valkey->second, 32);
    } else if (version != f.end()) {
      obs.version = printable(version->second, 32);
    }
    const auto mem = f.find("used_memory");
    if (mem != f.end()) obs.data_bytes = to_u64(mem->second);
    std::uint64_t total = 0;
    nlohmann::json keyspace = nlohmann::json::array();
    for (const auto& k : d.info->keyspace) {
      total += k.keys;
      if (keyspace.size() < 64) {
        keyspace.push_back({{"db", k.db}, {"keys", k.keys}, {"expires", k.expires}});
      }
    }
    md["keyspace"] = keyspace;
    obs.record_count = total;
    markers.push_back("INFO carries redis_version");
  } else {
    obs.product = "redis";
    if (!d.info_error.empty()) md["info_error"] = printable(d.info_error, 128);
  }
  nlohmann::json dbs = nlohmann::json::array();
  nlohmann::json sampling = nlohmann::json::array();
  std::vector<std::string> all_keys;
  bool scan_shape = false;
  for (const auto& p : d.dbs) {
    scan_shape = scan_shape || p.scan_ok;
    nlohmann::json keys = nlohmann::json::array();
    for (const auto& [key, type] : p.types) {
      if (keys.size() >= redis::kMaxKeysShown) break;
      if (!type.empty()) {
        keys.push_back({{"key", printable(key, kKeyNameShown)}, {"type", printable(type, 32)}});
      }
    }
    for (const auto& key : p.keys) {
      if (keys.size() >= redis::kMaxKeysShown || !p.types.empty()) break;
      keys.push_back({{"key", printable(key, kKeyNameShown)}});
    }
    std::size_t read = 0;
    for (const auto& r : p.reads) read += r.got_data ? 1 : 0;
    dbs.push_back(
        {{"db", p.db}, {"keys_listed", p.keys.size()}, {"keys_read", read}, {"keys", keys}});
    // What the caps left out, said in the record.
    const std::uint64_t declared = std::max<std::uint64_t>(p.declared_keys, p.keys.size());
    sampling.push_back(db_note(p.db, read, declared, p.keys.size()));
    for (const auto& k : p.keys) all_keys.push_back(k);
  }
  if (!dbs.empty()) md["databases"] = dbs;
  if (d.info && !d.dbs.empty()) {
    std::size_t with_keys = 0;
    for (const auto& k : d.info->keyspace) with_keys += k.keys > 0 ? 1u : 0u;
    if (with_keys > d.dbs.size()) {
      sampling.push_back(
          std::to_string(with_keys - d.dbs.size()) +
          " databases with keys not visited (caps: " + std::to_string(redis::kMaxDbsVisited) +
          " databases, " + std::to_string(redis::kMaxKeysListed) + " key names)");
    }
  }
  if (!sampling.empty()) md["sampling"] = sampling;
  auto names = sensitive_names(all_keys);
  if (!names.empty()) md["sensitive_names"] = std::move(names);
  if (scan_shape) markers.push_back("SCAN answered [cursor, keys]");
  md["markers"] = markers;
  obs.markers = static_cast<std::uint32_t>(markers.size());
  if (d.sentinel) md["sentinel"] = true;
  if (!d.notes.empty()) md["notes"] = d.notes;
}

// CONFIG GET answered without credentials: the same client may CONFIG SET dir and dbfilename
// and SAVE the dataset as a file of its choosing (a cron table, an authorized_keys file), the
// well-known route from an open Redis to code execution. Only CONFIG GET is ever sent.
void fill_config(const Dialogue& d, Observation& obs) {
  switch (d.config) {
    case redis::ConfigGet::answered:
      obs.capabilities.write = true;
      obs.capabilities.exec = true;
      obs.metadata["config_get"] = {{"answered", true}, {"dir", printable(d.config_dir, 128)}};
      break;
    case redis::ConfigGet::refused:
      obs.metadata["config_get"] = {{"answered", false}, {"error", printable(d.config_error, 128)}};
      break;
    case redis::ConfigGet::other:
      obs.metadata["config_get"] = {{"answered", false}};
      break;
    case redis::ConfigGet::not_asked:
      break;
  }
}

void fill_samples(const Dialogue& d, Observation& obs) {
  SampleBudget budget;
  for (const auto& p : d.dbs) {
    for (const auto& r : p.reads) {
      if (!r.got_data) continue;
      if (!obs.data_read) {
        obs.data_read = true;
        obs.proof = p.read_label;
      }
      budget.add(obs,
                 "key db" + std::to_string(p.db) + "/" + printable(r.key, kKeyNameShown) + " (" +
                     r.type + ")",
                 std::string(guess_content_type(r.rendered)), r.rendered);
    }
  }
}

}  // namespace

const ProbeInfo& RedisProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> RedisProbe::next(const ProbeOptions& options, const Transcript& t) const {
  return redis::next_exchange(options, t);
}

Framing RedisProbe::frame(const Exchange& exchange, std::string_view reply) const {
  auto sent = resp::count_values(exchange.request, kMaxCommandsFramed);
  if (!sent || *sent == 0) return Framing::invalid;
  resp::Limits limits;
  limits.max_bulk = exchange.max_reply_bytes;
  auto got = resp::count_values(reply, *sent, limits);
  if (!got) return Framing::invalid;
  return *got >= *sent ? Framing::complete : Framing::need_more;
}

Result<Observation> RedisProbe::parse(const Transcript& t) const {
  Observation obs;
  if (t.empty() || t.front().reply.empty()) {
    obs.note = "no reply to INFO";
    return obs;
  }
  const Dialogue d = redis::analyse(t);
  if (!d.redis_like) {
    if (d.first_reply_error) return tl::unexpected(*d.first_reply_error);
    obs.note = "the reply to INFO is not Redis";
    return obs;
  }
  obs.identified = true;
  fill_metadata(d, obs);
  switch (d.refusal) {
    case Refusal::noauth:
      obs.auth_demanded = true;
      obs.note = "refused without credentials: " + printable(d.info_error, 80);
      break;
    case Refusal::noperm:
      obs.auth_demanded = true;
      obs.note = "the default user lacks permission: " + printable(d.info_error, 80);
      break;
    case Refusal::denied:
      obs.auth_demanded = true;
      obs.note = "protected mode refuses clients from other hosts";
      break;
    case Refusal::none:
      break;
  }
  if (d.refusal != Refusal::none) {
    obs.proof = d.refusal_label;
    return obs;
  }
  if (d.sentinel) {
    obs.note = "Redis Sentinel: a monitor, not a data store";
    obs.proof = "INFO";
    return obs;
  }
  // INFO or SCAN answered without AUTH: a requirepass or ACL configuration refuses both. A cut
  // INFO reply names the product but proves nothing: the peer may have stopped for any reason.
  obs.data_command_accepted =
      (d.info.has_value() && !d.info_cut) ||
      std::any_of(d.dbs.begin(), d.dbs.end(), [](const auto& db) { return db.scan_ok; });
  obs.capabilities.read = obs.data_command_accepted;
  fill_config(d, obs);
  fill_samples(d, obs);
  if (obs.data_read) {
    obs.note = "keys read without AUTH";
  } else {
    obs.proof = "INFO";
    obs.note = d.info ? "INFO answered without AUTH; no key values were read"
                      : "answered without AUTH; no key values were read";
  }
  if (obs.capabilities.exec) obs.note += "; CONFIG GET answered (CONFIG SET can write files)";
  return obs;
}

Verdict RedisProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
