#include "probes/kubernetes/kubernetes_probe.h"

#include <algorithm>
#include <array>

#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 4> kPorts{6443, 8080, 10250, 10255};
constexpr std::array<std::uint16_t, 2> kTlsPorts{6443, 10250};
constexpr std::uint32_t kSmallCap = 64 * 1024;
constexpr std::uint32_t kListCap = 2 * 1024 * 1024;

const ProbeInfo kInfo{
    .id = "kubernetes",
    .default_ports = kPorts,
    .tls_ports = kTlsPorts,
    .kind = ServiceKind::generic,
    .max_reply_bytes = kListCap,
};

bool kubelet_port(std::uint16_t port) {
  return port == 10250 || port == 10255;
}

std::optional<http::JsonReply> reply_of(const Transcript& t, std::string_view label) {
  const Turn* turn = http::find_turn(t, label);
  if (turn == nullptr) return std::nullopt;
  auto r = http::json_reply(*turn, {.max_bytes = kListCap, .max_depth = 64});
  if (!r) return std::nullopt;
  return std::move(*r);
}

// GET /version: gitVersion "v1.28.2", platform, goVersion.
bool is_version(const http::JsonReply& r) {
  return r.response.status == 200 && r.body &&
         json::string_at(*r.body, "gitVersion").starts_with("v") &&
         !json::string_at(*r.body, "platform").empty() &&
         !json::string_at(*r.body, "goVersion").empty();
}

// The API's refusal: a v1 Status object with code 401 or 403 (kind, apiVersion, reason).
bool is_status_refusal(const http::JsonReply& r) {
  if ((r.response.status != 401 && r.response.status != 403) || !r.body) return false;
  const auto code = json::uint_at(*r.body, "code").value_or(0);
  return json::string_at(*r.body, "kind") == "Status" &&
         json::string_at(*r.body, "apiVersion") == "v1" && (code == 401 || code == 403) &&
         !json::string_at(*r.body, "reason").empty();
}

// A v1 list of `kind` ("NamespaceList", "PodList") with an items array.
const nlohmann::json* list_items(const http::JsonReply& r, std::string_view kind) {
  if (r.response.status != 200 || !r.body || json::string_at(*r.body, "kind") != kind ||
      json::string_at(*r.body, "apiVersion") != "v1") {
    return nullptr;
  }
  const auto* items = json::member(*r.body, "items");
  return items != nullptr && items->is_array() ? items : nullptr;
}

bool version_missing(const Transcript& t) {
  auto v = reply_of(t, kubernetes::kVersionLabel);
  return v && v->response.status == 404;
}

// A pod as a sample: namespace, name, node, container images and env (names and values: env
// values are what leaks).
nlohmann::json pod_record(const nlohmann::json& pod) {
  nlohmann::json record;
  if (const auto* meta = json::member(pod, "metadata")) {
    record["namespace"] = json::string_at(*meta, "namespace").substr(0, 256);
    record["name"] = json::string_at(*meta, "name").substr(0, 256);
  }
  if (const auto* spec = json::member(pod, "spec")) {
    record["node"] = json::string_at(*spec, "nodeName").substr(0, 256);
    if (const auto* containers = json::member(*spec, "containers");
        containers && containers->is_array()) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& c : *containers) {
        nlohmann::json one{{"image", json::string_at(c, "image").substr(0, 256)}};
        if (const auto* env = json::member(c, "env")) one["env"] = *env;
        list.push_back(std::move(one));
      }
      record["containers"] = std::move(list);
    }
  }
  return record;
}

std::size_t read_pods(const nlohmann::json& items, SampleBudget& budget, Observation& obs) {
  std::size_t n = 0;
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& pod : items) {
    const auto record = pod_record(pod);
    if (!record.contains("name")) continue;
    ++n;
    if (listed.size() < kMaxListed)
      listed.push_back(record.value("namespace", "") + "/" + record.value("name", ""));
    budget.add(obs, "pod " + record.value("namespace", "") + "/" + record.value("name", ""), "json",
               json::dump_capped(record, 8 * 1024));
  }
  obs.metadata["pods"] = std::move(listed);
  return n;
}

}  // namespace

const ProbeInfo& KubernetesProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> KubernetesProbe::next(const ProbeOptions& o, const Transcript& t) const {
  const std::string limit = std::to_string(std::clamp<std::uint32_t>(o.max_items, 1, 500));
  const std::string pods_limit =
      std::to_string(std::clamp<std::uint32_t>(o.max_sample_records, 1, 100));
  if (t.empty()) {
    if (kubelet_port(o.port)) return http::get_exchange("/pods", o, kListCap);
    return http::get_exchange("/version", o, kSmallCap);
  }
  if (http::find_turn(t, kubernetes::kKubeletPodsLabel) != nullptr) return std::nullopt;
  if (t.size() == 1) {
    if (version_missing(t)) return http::get_exchange("/pods", o, kListCap);
    auto v = reply_of(t, kubernetes::kVersionLabel);
    if (!v || !is_version(*v)) return std::nullopt;
    return http::labelled_get(std::string(kubernetes::kNamespacesLabel),
                              "/api/v1/namespaces?limit=" + limit, o, kListCap);
  }
  if (t.size() == 2) {
    auto ns = reply_of(t, kubernetes::kNamespacesLabel);
    if (!ns || list_items(*ns, "NamespaceList") == nullptr) return std::nullopt;
    return http::labelled_get(std::string(kubernetes::kPodsLabel),
                              "/api/v1/pods?limit=" + pods_limit, o, kListCap);
  }
  return std::nullopt;
}

Framing KubernetesProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> KubernetesProbe::parse(const Transcript& t) const {
  Observation obs;
  SampleBudget budget;
  // Kubelet: GET /pods.
  if (auto kubelet = reply_of(t, kubernetes::kKubeletPodsLabel)) {
    obs.proof = std::string(kubernetes::kKubeletPodsLabel);
    if (const auto* items = list_items(*kubelet, "PodList")) {
      obs.identified = true;
      obs.product = "kubelet";
      const std::size_t n = read_pods(*items, budget, obs);
      obs.record_count = n;
      obs.data_read = n > 0;
      // An anonymous kubelet that lists pods also runs commands in them (/run, /exec).
      obs.data_command_accepted = true;
      obs.capabilities = Capabilities{.read = true, .write = true, .exec = true};
      obs.note = n > 0 ? std::to_string(n) + " pods read from the kubelet without credentials"
                       : "the kubelet answers without credentials but runs no pod";
    } else if (kubelet->response.status == 401 &&
               kubelet->response.body.starts_with("Unauthorized") &&
               http::find_turn(t, kubernetes::kVersionLabel) == nullptr) {
      // Only on a kubelet port: a bare "Unauthorized" is a weak marker.
      obs.identified = true;
      obs.product = "kubelet";
      obs.auth_demanded = true;
      obs.note = "the kubelet refuses anonymous requests (identity is weak: port and body)";
    }
    return obs;
  }
  auto v = reply_of(t, kubernetes::kVersionLabel);
  if (!v) {
    obs.note = "no HTTP answer to GET /version";
    return obs;
  }
  obs.proof = std::string(kubernetes::kVersionLabel);
  if (is_status_refusal(*v)) {
    obs.identified = true;
    obs.product = "kubernetes";
    obs.auth_demanded = true;
    obs.note = "anonymous requests are refused: " + json::string_at(*v->body, "reason");
    return obs;
  }
  if (!is_version(*v)) {
    obs.note = "GET /version did not answer like a Kubernetes API server";
    return obs;
  }
  obs.identified = true;
  obs.product = "kubernetes";
  obs.version = json::string_at(*v->body, "gitVersion").substr(0, 64);
  obs.metadata["platform"] = json::string_at(*v->body, "platform").substr(0, 64);
  obs.note = "/version answered (public by default); nothing else was read";
  auto ns = reply_of(t, kubernetes::kNamespacesLabel);
  if (!ns) return obs;
  if (is_status_refusal(*ns)) {
    obs.auth_demanded = true;
    obs.proof = std::string(kubernetes::kNamespacesLabel);
    obs.note = "anonymous listing refused: " + json::string_at(*ns->body, "message").substr(0, 160);
    return obs;
  }
  const auto* namespaces = list_items(*ns, "NamespaceList");
  if (namespaces == nullptr) return obs;
  nlohmann::json names = nlohmann::json::array();
  for (const auto& item : *namespaces) {
    const auto* meta = json::member(item, "metadata");
    if (meta != nullptr && names.size() < kMaxListed)
      names.push_back(json::string_at(*meta, "name").substr(0, 256));
  }
  obs.metadata["namespaces"] = names;
  // The anonymous user lists cluster-scoped objects: it is bound to a cluster-wide role (or
  // this is the insecure port), which creates pods, so it runs code on the nodes.
  obs.data_command_accepted = true;
  obs.capabilities = Capabilities{.read = true, .write = true, .exec = true};
  std::size_t read = names.size();
  obs.proof = std::string(kubernetes::kNamespacesLabel);
  if (auto pods = reply_of(t, kubernetes::kPodsLabel)) {
    if (const auto* items = list_items(*pods, "PodList")) {
      const std::size_t n = read_pods(*items, budget, obs);
      if (n > 0) obs.proof = std::string(kubernetes::kPodsLabel);
      read += n;
    }
  }
  if (read > 0) {
    obs.data_read = true;
    obs.record_count = read;
    obs.note = "anonymous user lists cluster objects: " + std::to_string(read) +
               " namespaces and pods read";
  }
  return obs;
}

Verdict KubernetesProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
