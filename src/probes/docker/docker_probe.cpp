#include "probes/docker/docker_probe.h"

#include <algorithm>
#include <array>

#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{2375};
constexpr std::array<std::uint16_t, 1> kTlsPorts{2376};
constexpr std::uint32_t kSmallCap = 64 * 1024;
constexpr std::uint32_t kListCap = 1024 * 1024;

const ProbeInfo kInfo{
    .id = "docker",
    .default_ports = kPorts,
    .tls_ports = kTlsPorts,
    .kind = ServiceKind::generic,
    .max_reply_bytes = kListCap,
};

std::optional<http::JsonReply> reply_of(const Transcript& t, std::string_view label) {
  const Turn* turn = http::find_turn(t, label);
  if (turn == nullptr) return std::nullopt;
  auto r = http::json_reply(*turn, {.max_bytes = kListCap, .max_depth = 32});
  if (!r) return std::nullopt;
  return std::move(*r);
}

// Two markers: the engine's Api-Version response header, and a /version body naming both the
// API version and the Go version.
bool is_docker_version(const http::JsonReply& r) {
  return r.response.status == 200 && r.response.header("api-version") && r.body &&
         !json::string_at(*r.body, "ApiVersion").empty() &&
         !json::string_at(*r.body, "GoVersion").empty() &&
         !json::string_at(*r.body, "Version").empty();
}

// An authorization plugin's refusal: 401/403 {"message": "authorization denied by plugin ..."}.
bool is_refusal(const http::JsonReply& r) {
  return (r.response.status == 401 || r.response.status == 403) &&
         r.response.header("api-version") && r.body &&
         json::string_at(*r.body, "message").find("authoriz") != std::string::npos;
}

}  // namespace

const ProbeInfo& DockerProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> DockerProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) return http::get_exchange("/version", o, kSmallCap);
  if (t.size() == 1) {
    auto v = reply_of(t, docker::kVersionLabel);
    if (!v || !is_docker_version(*v)) return std::nullopt;
    const auto limit = std::clamp<std::uint32_t>(o.max_items, 1, 1000);
    return http::labelled_get(std::string(docker::kContainersLabel),
                              "/containers/json?all=1&limit=" + std::to_string(limit), o, kListCap);
  }
  return std::nullopt;
}

Framing DockerProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> DockerProbe::parse(const Transcript& t) const {
  Observation obs;
  auto v = reply_of(t, docker::kVersionLabel);
  if (!v || !is_docker_version(*v)) {
    obs.note = "GET /version did not answer like the Docker Engine API";
    return obs;
  }
  obs.identified = true;
  obs.product = "docker";
  obs.version = json::string_at(*v->body, "Version").substr(0, 32);
  obs.proof = std::string(docker::kVersionLabel);
  obs.metadata["api_version"] = json::string_at(*v->body, "ApiVersion").substr(0, 16);
  obs.metadata["os"] = json::string_at(*v->body, "Os").substr(0, 32);
  obs.metadata["kernel"] = json::string_at(*v->body, "KernelVersion").substr(0, 64);
  obs.note = "the Engine API answers without TLS client authentication";
  auto c = reply_of(t, docker::kContainersLabel);
  if (!c) return obs;
  if (is_refusal(*c)) {
    obs.auth_demanded = true;
    obs.proof = std::string(docker::kContainersLabel);
    obs.note = "an authorization plugin refused the container list";
    return obs;
  }
  if (c->response.status != 200 || !c->body || !c->body->is_array()) return obs;
  // The container list answered without credentials: the same client may create and start a
  // container with the host's root mounted, so it runs code on the host.
  obs.data_command_accepted = true;
  obs.capabilities = Capabilities{.read = true, .write = true, .exec = true};
  obs.proof = std::string(docker::kContainersLabel);
  obs.note = "the container list answers without authentication (the API gives root on the host)";
  SampleBudget budget;
  std::size_t read = 0;
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& container : *c->body) {
    const std::string id = json::string_at(container, "Id");
    if (id.empty()) continue;
    ++read;
    nlohmann::json summary{{"id", id.substr(0, 12)},
                           {"image", json::string_at(container, "Image").substr(0, 256)},
                           {"state", json::string_at(container, "State").substr(0, 32)}};
    if (const auto* names = json::member(container, "Names");
        names && names->is_array() && !names->empty()) {
      summary["name"] =
          (*names)[0].is_string() ? (*names)[0].get<std::string>().substr(0, 256) : "";
    }
    if (listed.size() < kMaxListed) listed.push_back(summary);
    nlohmann::json record = summary;
    record["command"] = json::string_at(container, "Command").substr(0, 1024);
    if (const auto* labels = json::member(container, "Labels")) record["labels"] = *labels;
    budget.add(obs, "container " + id.substr(0, 12), "json", json::dump_capped(record, 4 * 1024));
  }
  obs.metadata["containers"] = std::move(listed);
  obs.record_count = read;
  if (read > 0) {
    obs.data_read = true;
    obs.proof = std::string(docker::kContainersLabel);
    obs.note = std::to_string(read) +
               " containers listed without authentication (the API gives root on the host)";
  }
  return obs;
}

Verdict DockerProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
