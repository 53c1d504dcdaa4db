#include "probes/memcached/memcached_probe.h"

#include <array>
#include <charconv>

#include "core/bytes.h"
#include "probes/common/sample_budget.h"
#include "probes/common/sample_text.h"
#include "probes/common/sampler.h"
#include "probes/memcached/memcached_dialogue.h"

namespace lw::probes {
namespace {

using memcached::Dialogue;

constexpr std::array<std::uint16_t, 1> kPorts{11211};
constexpr std::size_t kKeysListed = 200;
constexpr std::size_t kCommandsFramed = 64;

const ProbeInfo kInfo{
    .id = "memcached",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::cache,
    .max_reply_bytes = memcached::kDumpCap,
    .server_speaks_first = false,
};

std::uint64_t to_u64(const std::string& s) {
  std::uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

void fill_metadata(const Dialogue& d, Observation& obs) {
  auto& md = obs.metadata;
  obs.product = "memcached";
  nlohmann::json markers = nlohmann::json::array();
  for (const char* name : {"version", "uptime", "curr_items", "total_items", "bytes",
                           "limit_maxbytes", "curr_connections", "threads", "libevent"}) {
    const auto it = d.stats.find(name);
    if (it != d.stats.end()) md["stats"][name] = printable(it->second, 64);
  }
  if (const auto v = d.stats.find("version"); v != d.stats.end()) {
    obs.version = printable(v->second, 32);
  }
  if (const auto b = d.stats.find("bytes"); b != d.stats.end()) obs.data_bytes = to_u64(b->second);
  if (const auto n = d.stats.find("curr_items"); n != d.stats.end()) {
    obs.record_count = to_u64(n->second);
  }
  if (d.stats_marker) markers.push_back("stats lists version and pid");
  nlohmann::json classes = nlohmann::json::array();
  for (const auto& [cls, n] : d.classes) classes.push_back({{"class", cls}, {"items", n}});
  if (!classes.empty()) md["slab_classes"] = classes;
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& k : d.keys) {
    if (keys.size() >= kKeysListed) break;
    keys.push_back({{"key", printable(k.key, 128)}, {"bytes", k.size}});
  }
  if (!keys.empty()) md["keys"] = keys;
  if (d.get_marker) markers.push_back("get answered VALUE blocks closed by END");
  // What the caps and the sampler left out, said in the record.
  std::vector<std::string> names;
  names.reserve(d.keys.size());
  for (const auto& k : d.keys) names.push_back(k.key);
  std::size_t got = 0;
  for (const auto& v : d.values) got += v.data.empty() ? 0u : 1u;
  const std::uint64_t items = obs.record_count.value_or(0);
  if (d.items_seen) {
    std::string note = coverage_note(
        got, static_cast<std::size_t>(std::max<std::uint64_t>(items, d.keys.size())), "keys");
    if (d.keys.size() < items) note += " (" + std::to_string(d.keys.size()) + " names listed)";
    md["sampling"] = nlohmann::json::array({note});
  }
  if (auto sensitive = sensitive_names(names); !sensitive.empty()) {
    md["sensitive_names"] = std::move(sensitive);
  }
  md["markers"] = markers;
  obs.markers = static_cast<std::uint32_t>(markers.size());
  if (!d.notes.empty()) md["notes"] = d.notes;
}

}  // namespace

const ProbeInfo& MemcachedProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> MemcachedProbe::next(const ProbeOptions& options,
                                             const Transcript& t) const {
  return memcached::next_exchange(options, t);
}

Framing MemcachedProbe::frame(const Exchange& exchange, std::string_view reply) const {
  if (exchange.request.starts_with("lru_crawler metadump")) {
    return memcached::frame_metadump(reply);
  }
  const std::size_t expected = memcached::commands_in(exchange.request);
  if (expected == 0 || expected > kCommandsFramed) return Framing::invalid;
  memcached::Limits limits;
  limits.max_value = exchange.max_reply_bytes;
  auto n = memcached::count_blocks(reply, expected, limits);
  if (!n) return Framing::invalid;
  return *n >= expected ? Framing::complete : Framing::need_more;
}

Result<Observation> MemcachedProbe::parse(const Transcript& t) const {
  Observation obs;
  if (t.empty() || t.front().reply.empty()) {
    obs.note = "no reply to stats";
    return obs;
  }
  const Dialogue d = memcached::analyse(t);
  if (!d.identified) {
    obs.note = "the reply to stats is not memcached";
    return obs;
  }
  obs.identified = true;
  fill_metadata(d, obs);
  if (d.refused) {
    obs.auth_demanded = true;
    obs.proof = d.refusal_label;
    obs.note = "refused without credentials: " + printable(d.refusal, 64);
    return obs;
  }
  // stats answered: a data command that a SASL-only server refuses (its text protocol is off).
  obs.data_command_accepted = d.stats_marker;
  obs.capabilities.read = d.stats_marker;
  SampleBudget budget;
  for (const auto& v : d.values) {
    if (v.data.empty()) continue;
    obs.data_read = true;
    budget.add(obs, "key " + printable(v.key, 128), std::string(guess_content_type(v.data)),
               v.data);
  }
  if (obs.data_read) {
    obs.proof = d.get_label;
    obs.note = "values read with get, no authentication";
  } else {
    obs.proof = "stats";
    obs.note = "stats answered without authentication; no values were read";
  }
  return obs;
}

Verdict MemcachedProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
