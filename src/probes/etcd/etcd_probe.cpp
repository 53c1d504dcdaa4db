#include "probes/etcd/etcd_probe.h"

#include <algorithm>
#include <array>

#include "core/bytes.h"
#include "probes/common/base64.h"
#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{2379};
constexpr std::uint32_t kSmallCap = 64 * 1024;
constexpr std::uint32_t kRangeCap = 1024 * 1024;
constexpr std::uint32_t kMaxValues = 10;  // values are up to 1.5 MiB each: few at a time

const ProbeInfo kInfo{
    .id = "etcd",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::database,
    .max_reply_bytes = kRangeCap,
};

std::optional<http::JsonReply> reply_of(const Transcript& t, std::string_view label) {
  const Turn* turn = http::find_turn(t, label);
  if (turn == nullptr) return std::nullopt;
  auto r = http::json_reply(*turn, {.max_bytes = kRangeCap, .max_depth = 16});
  if (!r) return std::nullopt;
  return std::move(*r);
}

// GET /version: {"etcdserver":"3.4.23","etcdcluster":"3.4.0"}.
bool is_etcd_version(const http::JsonReply& r) {
  return r.response.status == 200 && r.body && r.body->is_object() &&
         !json::string_at(*r.body, "etcdserver").empty() &&
         !json::string_at(*r.body, "etcdcluster").empty();
}

// A range reply: {"header":{"cluster_id":..,"revision":..}, ...}.
bool is_range_reply(const http::JsonReply& r) {
  if (r.response.status != 200 || !r.body) return false;
  const auto* header = json::member(*r.body, "header");
  return header != nullptr && json::uint_at(*header, "cluster_id") &&
         json::uint_at(*header, "revision");
}

// The gRPC auth errors the gateway relays (as HTTP 400/401/403 with a JSON error).
bool is_auth_error(const http::JsonReply& r) {
  if (r.response.status < 400 || !r.body) return false;
  const std::string error = json::string_at(*r.body, "error");
  static constexpr std::array<std::string_view, 5> kAuthErrors{
      "etcdserver: user name is empty", "etcdserver: invalid auth token",
      "etcdserver: permission denied", "etcdserver: authentication failed",
      "etcdserver: user name not found"};
  return std::any_of(kAuthErrors.begin(), kAuthErrors.end(),
                     [&](std::string_view e) { return error == e; });
}

bool range_allowed(const Transcript& t, std::string_view label) {
  auto r = reply_of(t, label);
  return r && is_range_reply(*r);
}

std::string range_body(std::string_view options) {
  return R"({"key":"AA==","range_end":"AA==")" + std::string(options) + "}";
}

}  // namespace

namespace etcd {
std::string count_body() {
  return range_body(R"(,"count_only":true)");
}
std::string keys_body(std::uint32_t limit) {
  return range_body(R"(,"keys_only":true,"limit":)" + std::to_string(limit));
}
std::string values_body(std::uint32_t limit) {
  return range_body(R"(,"limit":)" + std::to_string(limit));
}
}  // namespace etcd

const ProbeInfo& EtcdProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> EtcdProbe::next(const ProbeOptions& o, const Transcript& t) const {
  switch (t.size()) {
    case 0:
      return http::labelled_get(std::string(etcd::kVersionLabel), "/version", o, kSmallCap);
    case 1: {
      auto version = reply_of(t, etcd::kVersionLabel);
      if (!version || !is_etcd_version(*version)) return std::nullopt;
      return http::post_exchange(std::string(etcd::kCountLabel), "/v3/kv/range", etcd::count_body(),
                                 o, kSmallCap);
    }
    case 2:
      if (!range_allowed(t, etcd::kCountLabel)) return std::nullopt;
      return http::post_exchange(std::string(etcd::kKeysLabel), "/v3/kv/range",
                                 etcd::keys_body(std::clamp<std::uint32_t>(o.max_items, 1, 1000)),
                                 o, kRangeCap);
    case 3:
      if (!range_allowed(t, etcd::kKeysLabel)) return std::nullopt;
      return http::post_exchange(
          std::string(etcd::kValuesLabel), "/v3/kv/range",
          etcd::values_body(std::clamp<std::uint32_t>(o.max_sample_records, 1, kMaxValues)), o,
          kRangeCap);
    default:
      return std::nullopt;
  }
}

Framing EtcdProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> EtcdProbe::parse(const Transcript& t) const {
  Observation obs;
  auto version = reply_of(t, etcd::kVersionLabel);
  if (!version || !is_etcd_version(*version)) {
    obs.note = "GET /version did not name an etcd server and cluster version";
    return obs;
  }
  obs.version = json::string_at(*version->body, "etcdserver").substr(0, 32);
  obs.metadata["cluster_version"] = json::string_at(*version->body, "etcdcluster").substr(0, 32);
  obs.identified = true;  // both version names: identity; a range reply is the second marker
  obs.product = "etcd";
  obs.proof = std::string(etcd::kVersionLabel);
  obs.note = "/version answered; the key space was not read";
  auto count = reply_of(t, etcd::kCountLabel);
  if (!count) return obs;
  if (is_auth_error(*count)) {
    obs.auth_demanded = true;
    obs.proof = std::string(etcd::kCountLabel);
    obs.note = "range refused: " + json::string_at(*count->body, "error").substr(0, 80);
    return obs;
  }
  if (!is_range_reply(*count)) return obs;
  const auto& header = *json::member(*count->body, "header");
  obs.metadata["cluster_id"] = json::uint_at(header, "cluster_id").value_or(0);
  obs.metadata["revision"] = json::uint_at(header, "revision").value_or(0);
  obs.record_count = json::uint_at(*count->body, "count").value_or(0);
  obs.note = "key count read without credentials: " + std::to_string(*obs.record_count);
  if (auto keys = reply_of(t, etcd::kKeysLabel); keys && is_range_reply(*keys)) {
    nlohmann::json listed = nlohmann::json::array();
    if (const auto* kvs = json::member(*keys->body, "kvs"); kvs != nullptr && kvs->is_array()) {
      for (const auto& kv : *kvs) {
        if (listed.size() >= kMaxListed) break;
        auto key = base64_decode(json::string_at(kv, "key"), 64 * 1024);
        if (key) listed.push_back(printable(*key, 256));
      }
    }
    obs.metadata["keys"] = std::move(listed);
  }
  auto values = reply_of(t, etcd::kValuesLabel);
  if (!values || !is_range_reply(*values)) return obs;
  const auto* kvs = json::member(*values->body, "kvs");
  if (kvs == nullptr || !kvs->is_array()) return obs;
  SampleBudget budget;
  std::size_t read = 0;
  for (const auto& kv : *kvs) {
    auto key = base64_decode(json::string_at(kv, "key"), 64 * 1024);
    const auto* value_field = json::member(kv, "value");
    if (!key || value_field == nullptr) continue;  // etcd omits empty values
    auto value = base64_decode(json::string_at(kv, "value"), 2 * 1024 * 1024);
    if (!value) continue;
    ++read;
    budget.add(obs, "key " + printable(*key, 256), "text", std::move(*value));
  }
  if (read > 0) {
    obs.data_read = true;
    obs.proof = std::string(etcd::kValuesLabel);
    obs.note = std::to_string(read) + " key values read without credentials";
  }
  return obs;
}

Verdict EtcdProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
