#include "probes/consul/consul_probe.h"

#include <algorithm>
#include <array>

#include "core/bytes.h"
#include "probes/common/base64.h"
#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{8500};
constexpr std::array<std::uint16_t, 1> kTlsPorts{8501};
constexpr std::uint32_t kSmallCap = 256 * 1024;
constexpr std::uint32_t kListCap = 1024 * 1024;

const ProbeInfo kInfo{
    .id = "consul",
    .default_ports = kPorts,
    .tls_ports = kTlsPorts,
    .kind = ServiceKind::database,
    .max_reply_bytes = kListCap,
};

std::optional<http::JsonReply> reply_of(const Transcript& t, std::string_view label) {
  const Turn* turn = http::find_turn(t, label);
  if (turn == nullptr) return std::nullopt;
  auto r = http::json_reply(*turn, {.max_bytes = kListCap, .max_depth = 32});
  if (!r) return std::nullopt;
  return std::move(*r);
}

bool has_consul_header(const http::Response& r) {
  return std::any_of(r.headers.begin(), r.headers.end(),
                     [](const auto& h) { return h.first.starts_with("x-consul-"); });
}

// ACLs with default deny: 403 "Permission denied..." (or "ACL not found") with Consul headers.
bool is_refusal(const http::Response& r) {
  return (r.status == 403 || r.status == 401) && has_consul_header(r) &&
         (r.body.find("Permission denied") != std::string::npos ||
          r.body.find("ACL not found") != std::string::npos);
}

std::vector<std::string> keys_of(const Transcript& t) {
  auto keys = reply_of(t, consul::kKeysLabel);
  std::vector<std::string> out;
  if (!keys || keys->response.status != 200 || !has_consul_header(keys->response) || !keys->body ||
      !keys->body->is_array()) {
    return out;
  }
  for (const auto& k : *keys->body) {
    if (out.size() >= kMaxListed) break;
    if (k.is_string()) out.push_back(k.get<std::string>().substr(0, 512));
  }
  return out;
}

std::vector<std::string> value_plan(const Transcript& t) {
  std::vector<std::string> out;
  for (auto& k : keys_of(t)) {
    if (out.size() >= consul::kMaxValues) break;
    if (!k.empty() && k.back() != '/') out.push_back(std::move(k));  // "folder/" keys hold nothing
  }
  return out;
}

// /v1/agent/self of Consul (a Consul header and a Config with a datacenter), or its ACL refusal.
bool is_consul_self(const http::JsonReply& r) {
  if (is_refusal(r.response)) return true;
  const auto* config = r.body ? json::member(*r.body, "Config") : nullptr;
  return r.response.status == 200 && has_consul_header(r.response) && config != nullptr &&
         !json::string_at(*config, "Datacenter").empty();
}

}  // namespace

namespace consul {
std::string kv_path(std::string_view key) {
  std::string out = "/v1/kv/";
  std::size_t start = 0;
  while (true) {
    const auto slash = key.find('/', start);
    out += http::url_encode(
        key.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}
}  // namespace consul

const ProbeInfo& ConsulProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> ConsulProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) return http::get_exchange("/v1/agent/self", o, kSmallCap);
  auto self = reply_of(t, consul::kSelfLabel);
  if (!self || !is_consul_self(*self)) return std::nullopt;
  if (t.size() == 1) return http::get_exchange("/v1/catalog/nodes", o, kListCap);
  if (t.size() == 2)
    return http::labelled_get(std::string(consul::kKeysLabel), "/v1/kv/?keys", o, kListCap);
  const auto plan = value_plan(t);
  const std::size_t done = t.size() - 3;
  if (done >= plan.size()) return std::nullopt;
  return http::get_exchange(consul::kv_path(plan[done]), o, kSmallCap);
}

Framing ConsulProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> ConsulProbe::parse(const Transcript& t) const {
  Observation obs;
  auto self = reply_of(t, consul::kSelfLabel);
  if (!self) {
    obs.note = "no HTTP answer to /v1/agent/self";
    return obs;
  }
  obs.proof = std::string(consul::kSelfLabel);
  if (!is_consul_self(*self)) {
    obs.note = "/v1/agent/self did not answer like Consul";
    return obs;
  }
  obs.identified = true;
  obs.product = "consul";
  if (const auto policy = self->response.header("x-consul-default-acl-policy")) {
    obs.metadata["default_acl_policy"] = std::string(policy->substr(0, 16));
  }
  if (!is_refusal(self->response)) {
    const auto* config = json::member(*self->body, "Config");
    obs.version = json::string_at(*config, "Version").substr(0, 32);
    obs.metadata["datacenter"] = json::string_at(*config, "Datacenter").substr(0, 128);
    obs.metadata["node_name"] = json::string_at(*config, "NodeName").substr(0, 256);
  }
  SampleBudget budget;
  std::size_t read = 0;
  std::size_t refused = is_refusal(self->response) ? 1 : 0;
  if (auto nodes = reply_of(t, consul::kNodesLabel)) {
    if (is_refusal(nodes->response)) ++refused;
    if (nodes->response.status == 200 && has_consul_header(nodes->response) && nodes->body &&
        nodes->body->is_array()) {
      nlohmann::json listed = nlohmann::json::array();
      for (const auto& n : *nodes->body) {
        const std::string name = json::string_at(n, "Node");
        if (name.empty()) continue;
        ++read;
        nlohmann::json record{{"node", name.substr(0, 256)},
                              {"address", json::string_at(n, "Address").substr(0, 256)},
                              {"datacenter", json::string_at(n, "Datacenter").substr(0, 128)}};
        if (listed.size() < kMaxListed) listed.push_back(record);
        budget.add(obs, "node " + name.substr(0, 128), "json", json::dump_capped(record, 2048));
      }
      obs.metadata["nodes"] = std::move(listed);
      if (read > 0) obs.proof = std::string(consul::kNodesLabel);
    }
  }
  if (auto keys = reply_of(t, consul::kKeysLabel); keys && is_refusal(keys->response)) ++refused;
  obs.metadata["keys"] = keys_of(t);
  std::size_t values = 0;
  for (const auto& key : value_plan(t)) {
    const std::string label = "GET " + consul::kv_path(key);
    auto v = reply_of(t, label);
    if (!v) continue;
    if (is_refusal(v->response)) ++refused;
    if (v->response.status != 200 || !has_consul_header(v->response) || !v->body ||
        !v->body->is_array())
      continue;
    for (const auto& entry : *v->body) {
      if (json::string_at(entry, "Key") != key) continue;
      auto value = base64_decode(json::string_at(entry, "Value"), 512 * 1024);
      if (!value) continue;
      if (values == 0) obs.proof = label;
      ++values;
      budget.add(obs, "key " + printable(key, 256), "text", std::move(*value));
    }
  }
  read += values;
  obs.record_count = read;
  if (read > 0) {
    obs.data_read = true;
    obs.note = std::to_string(values) + " key values and " + std::to_string(read - values) +
               " catalog nodes read without an ACL token";
  } else if (refused > 0) {
    obs.auth_demanded = true;
    obs.note = "ACLs refuse requests without a token";
  } else {
    obs.note = "the API answers without a token but no key or node was read";
  }
  return obs;
}

Verdict ConsulProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
