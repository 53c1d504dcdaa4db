#include "probes/kibana/kibana_probe.h"

#include <algorithm>
#include <array>

#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{5601};
constexpr std::uint32_t kStatusCap = 512 * 1024;
constexpr std::uint32_t kFindCap = 1024 * 1024;

const ProbeInfo kInfo{
    .id = "kibana",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::web,
    .max_reply_bytes = kFindCap,
};

std::optional<http::JsonReply> reply_of(const Transcript& t, std::string_view label) {
  const Turn* turn = http::find_turn(t, label);
  if (turn == nullptr) return std::nullopt;
  auto r = http::json_reply(*turn, {.max_bytes = kFindCap, .max_depth = 64});
  if (!r) return std::nullopt;
  return std::move(*r);
}

// Two markers: Kibana's kbn-name header and a status body with version.build_hash and an
// overall status.
std::string version_of(const http::JsonReply& r) {
  if (r.response.status != 200 || !r.response.header("kbn-name") || !r.body) return {};
  const auto* version = json::member(*r.body, "version");
  const auto* status = json::member(*r.body, "status");
  if (version == nullptr || status == nullptr || json::string_at(*version, "build_hash").empty() ||
      json::member(*status, "overall") == nullptr) {
    return {};
  }
  return json::string_at(*version, "number").substr(0, 32);
}

// Security on: 401 with hapi's error body and Kibana's realm or kbn-name header.
bool is_refusal(const http::JsonReply& r) {
  if ((r.response.status != 401 && r.response.status != 403) || !r.body) return false;
  const bool hapi = json::uint_at(*r.body, "statusCode").has_value() &&
                    !json::string_at(*r.body, "error").empty();
  const bool kibana = r.response.header("kbn-name").has_value() ||
                      r.response.header("www-authenticate").value_or("").find("realm=\"kibana\"") !=
                          std::string_view::npos;
  return hapi && kibana;
}

}  // namespace

const ProbeInfo& KibanaProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> KibanaProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) return http::get_exchange("/api/status", o, kStatusCap);
  if (t.size() == 1) {
    auto s = reply_of(t, kibana::kStatusLabel);
    if (!s || version_of(*s).empty()) return std::nullopt;
    const auto n = std::clamp<std::uint32_t>(o.max_sample_records, 1, 100);
    return http::labelled_get(std::string(kibana::kFindLabel),
                              "/api/saved_objects/_find?per_page=" + std::to_string(n), o,
                              kFindCap);
  }
  return std::nullopt;
}

Framing KibanaProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> KibanaProbe::parse(const Transcript& t) const {
  Observation obs;
  auto s = reply_of(t, kibana::kStatusLabel);
  if (!s) {
    obs.note = "no HTTP answer to /api/status";
    return obs;
  }
  obs.proof = std::string(kibana::kStatusLabel);
  if (is_refusal(*s)) {
    obs.identified = true;
    obs.product = "kibana";
    obs.auth_demanded = true;
    obs.metadata["security"] = true;
    obs.note = "Kibana security demands credentials";
    return obs;
  }
  obs.version = version_of(*s);
  if (obs.version.empty()) {
    obs.note = "/api/status did not answer like Kibana";
    return obs;
  }
  obs.identified = true;
  obs.product = "kibana";
  obs.metadata["name"] = json::string_at(*s->body, "name").substr(0, 256);
  obs.metadata["security"] = false;
  if (const auto* overall = json::member(*json::member(*s->body, "status"), "overall")) {
    obs.metadata["overall"] = json::string_at(*overall, "level").substr(0, 32);
  }
  obs.note = "/api/status answered without credentials";
  auto find = reply_of(t, kibana::kFindLabel);
  if (!find) return obs;
  if (is_refusal(*find)) {
    obs.auth_demanded = true;
    obs.proof = std::string(kibana::kFindLabel);
    return obs;
  }
  const auto* objects = find->body ? json::member(*find->body, "saved_objects") : nullptr;
  if (find->response.status != 200 || objects == nullptr || !objects->is_array()) return obs;
  obs.record_count = json::uint_at(*find->body, "total").value_or(0);
  SampleBudget budget;
  std::size_t read = 0;
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& o : *objects) {
    const std::string type = json::string_at(o, "type");
    const std::string id = json::string_at(o, "id");
    const auto* attributes = json::member(o, "attributes");
    if (type.empty() || id.empty() || attributes == nullptr) continue;
    ++read;
    const std::string title = json::string_at(*attributes, "title").substr(0, 256);
    if (listed.size() < kMaxListed)
      listed.push_back({{"type", type.substr(0, 64)}, {"title", title}});
    budget.add(obs, "saved object " + type.substr(0, 64) + "/" + id.substr(0, 128), "json",
               json::dump_capped(*attributes, 8 * 1024));
  }
  obs.metadata["saved_objects"] = std::move(listed);
  if (read > 0) {
    obs.data_read = true;
    obs.proof = std::string(kibana::kFindLabel);
    obs.note = std::to_string(read) + " saved objects read without credentials";
  }
  return obs;
}

Verdict KibanaProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
