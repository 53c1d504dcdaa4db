#include "probes/prometheus/prometheus_probe.h"

#include <array>
#include <set>

#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{9090};
constexpr std::uint32_t kSmallCap = 64 * 1024;
constexpr std::uint32_t kTargetsCap = 2 * 1024 * 1024;

const ProbeInfo kInfo{
    .id = "prometheus",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::monitoring,
    .max_reply_bytes = kTargetsCap,
};

std::optional<http::JsonReply> reply_of(const Transcript& t, std::string_view label) {
  const Turn* turn = http::find_turn(t, label);
  if (turn == nullptr) return std::nullopt;
  auto r = http::json_reply(*turn, {.max_bytes = kTargetsCap, .max_depth = 16});
  if (!r) return std::nullopt;
  return std::move(*r);
}

// {"status":"success","data":{...}}: the API envelope, the first marker.
const nlohmann::json* success_data(const http::JsonReply& r) {
  if (r.response.status != 200 || !r.body || json::string_at(*r.body, "status") != "success") {
    return nullptr;
  }
  const auto* data = json::member(*r.body, "data");
  return data != nullptr && data->is_object() ? data : nullptr;
}

// buildinfo's data: version and goVersion and revision, the second marker.
bool is_buildinfo(const nlohmann::json& data) {
  return !json::string_at(data, "version").empty() && !json::string_at(data, "goVersion").empty() &&
         json::member(data, "revision") != nullptr;
}

// The exporter-toolkit's basic-auth refusal (web.config.file): 401, a bare "Basic" challenge
// and the body "Unauthorized". Weak identity: any Go server with the same library looks alike.
bool is_toolkit_refusal(const http::Response& r) {
  return r.status == 401 && r.header("www-authenticate").value_or("") == "Basic" &&
         r.body.starts_with("Unauthorized");
}

}  // namespace

const ProbeInfo& PrometheusProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> PrometheusProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) {
    return http::labelled_get(std::string(prometheus::kBuildinfoLabel), "/api/v1/status/buildinfo",
                              o, kSmallCap);
  }
  if (t.size() == 1) {
    auto info = reply_of(t, prometheus::kBuildinfoLabel);
    const auto* data = info ? success_data(*info) : nullptr;
    if (data == nullptr || !is_buildinfo(*data)) return std::nullopt;
    return http::labelled_get(std::string(prometheus::kTargetsLabel),
                              "/api/v1/targets?state=active", o, kTargetsCap);
  }
  return std::nullopt;
}

Framing PrometheusProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> PrometheusProbe::parse(const Transcript& t) const {
  Observation obs;
  auto info = reply_of(t, prometheus::kBuildinfoLabel);
  if (!info) {
    obs.note = "no HTTP answer to the buildinfo request";
    return obs;
  }
  obs.proof = std::string(prometheus::kBuildinfoLabel);
  if (is_toolkit_refusal(info->response)) {
    obs.identified = true;
    obs.product = "prometheus";
    obs.auth_demanded = true;
    obs.note = "the Prometheus API path demands basic auth (identity is weak: exporter-toolkit)";
    return obs;
  }
  const auto* data = success_data(*info);
  if (data == nullptr || !is_buildinfo(*data)) {
    obs.note = "buildinfo did not answer like Prometheus";
    return obs;
  }
  obs.identified = true;
  obs.product = "prometheus";
  obs.version = json::string_at(*data, "version").substr(0, 64);
  obs.metadata["go_version"] = json::string_at(*data, "goVersion").substr(0, 32);
  obs.note = "buildinfo answered without credentials";
  auto targets = reply_of(t, prometheus::kTargetsLabel);
  const auto* tdata = targets ? success_data(*targets) : nullptr;
  const auto* active = tdata ? json::member(*tdata, "activeTargets") : nullptr;
  if (active == nullptr || !active->is_array()) return obs;
  std::set<std::string> hosts;
  std::set<std::string> jobs;
  SampleBudget budget;
  std::size_t read = 0;
  for (const auto& target : *active) {
    const std::string url = json::string_at(target, "scrapeUrl");
    const auto* labels = json::member(target, "labels");
    if (url.empty() || labels == nullptr || !labels->is_object()) continue;
    ++read;
    const std::string instance = json::string_at(*labels, "instance");
    if (hosts.size() < kMaxListed && !instance.empty()) hosts.insert(instance.substr(0, 256));
    const std::string job = json::string_at(*labels, "job");
    if (jobs.size() < kMaxListed && !job.empty()) jobs.insert(job.substr(0, 128));
    nlohmann::json record{{"scrapeUrl", url.substr(0, 1024)},
                          {"labels", *labels},
                          {"health", json::string_at(target, "health").substr(0, 16)}};
    budget.add(obs, "target " + url.substr(0, 256), "json", json::dump_capped(record, 4 * 1024));
  }
  obs.metadata["target_count"] = read;
  obs.metadata["instances"] = hosts;
  obs.metadata["jobs"] = jobs;
  obs.record_count = read;
  if (read > 0) {
    obs.data_read = true;
    obs.proof = std::string(prometheus::kTargetsLabel);
    obs.note =
        std::to_string(read) + " scrape targets (internal host names) read without credentials";
  } else {
    obs.note = "the API answers without credentials, but lists no scrape target";
  }
  return obs;
}

Verdict PrometheusProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
