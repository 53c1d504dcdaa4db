#include "probes/chroma/chroma_probe.h"

#include <algorithm>
#include <array>

#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{8000};
constexpr std::uint32_t kSmallCap = 64 * 1024;
constexpr std::uint32_t kListCap = 1024 * 1024;

const ProbeInfo kInfo{
    .id = "chroma",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::database,
    .max_reply_bytes = kListCap,
};

std::optional<http::JsonReply> reply_of(const Transcript& t, std::string_view label) {
  const Turn* turn = http::find_turn(t, label);
  if (turn == nullptr) return std::nullopt;
  auto r = http::json_reply(*turn, {.max_bytes = kListCap, .max_depth = 64});
  if (!r) return std::nullopt;
  return std::move(*r);
}

// {"nanosecond heartbeat": <integer>}: Chroma's heartbeat, the first marker.
bool is_heartbeat(const Transcript& t) {
  auto r = reply_of(t, chroma::kHeartbeatLabel);
  return r && r->response.status == 200 && r->body &&
         json::uint_at(*r->body, "nanosecond heartbeat").has_value();
}

// The version endpoint answers a bare JSON string: the second marker.
std::string version_of(const Transcript& t) {
  auto r = reply_of(t, chroma::kVersionLabel);
  if (!r || r->response.status != 200 || !r->body || !r->body->is_string()) return {};
  return r->body->get<std::string>().substr(0, 32);
}

// Token or basic auth on: 401/403 with a JSON error.
bool is_refusal(const http::JsonReply& r) {
  return (r.response.status == 401 || r.response.status == 403) && r.body && r.body->is_object() &&
         (json::member(*r.body, "error") != nullptr || json::member(*r.body, "detail") != nullptr);
}

// (name, id) of the listed collections.
std::vector<std::pair<std::string, std::string>> collections_of(const Transcript& t) {
  std::vector<std::pair<std::string, std::string>> out;
  auto r = reply_of(t, chroma::kCollectionsLabel);
  if (!r || r->response.status != 200 || !r->body || !r->body->is_array()) return out;
  for (const auto& c : *r->body) {
    const std::string name = json::string_at(c, "name");
    const std::string id = json::string_at(c, "id");
    if (!name.empty() && !id.empty() && out.size() < kMaxListed) {
      out.emplace_back(name.substr(0, 256), id.substr(0, 64));
    }
  }
  return out;
}

}  // namespace

namespace chroma {
std::string get_label(std::string_view collection_name) {
  return "POST /api/v1/collections/" + std::string(collection_name) + "/get";
}
std::string get_body(std::uint32_t limit) {
  return R"({"limit":)" + std::to_string(limit) + R"(,"include":["documents","metadatas"]})";
}
}  // namespace chroma

const ProbeInfo& ChromaProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> ChromaProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) return http::get_exchange("/api/v1/heartbeat", o, kSmallCap);
  if (t.size() == 1) {
    if (!is_heartbeat(t)) return std::nullopt;
    return http::get_exchange("/api/v1/version", o, kSmallCap);
  }
  if (t.size() == 2) {
    if (version_of(t).empty()) return std::nullopt;
    return http::get_exchange("/api/v1/collections", o, kListCap);
  }
  const auto collections = collections_of(t);
  const std::size_t done = t.size() - 3;
  if (done >= std::min(collections.size(), chroma::kMaxCollections)) return std::nullopt;
  const auto limit = std::clamp<std::uint32_t>(
      o.max_sample_records / static_cast<std::uint32_t>(chroma::kMaxCollections), 1, 100);
  const auto& [name, id] = collections[done];
  return http::post_exchange(chroma::get_label(name),
                             "/api/v1/collections/" + http::url_encode(id) + "/get",
                             chroma::get_body(limit), o, kListCap);
}

Framing ChromaProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> ChromaProbe::parse(const Transcript& t) const {
  Observation obs;
  if (!is_heartbeat(t) || version_of(t).empty()) {
    obs.note = "heartbeat and version did not answer like Chroma";
    return obs;
  }
  obs.identified = true;
  obs.product = "chroma";
  obs.version = version_of(t);
  obs.proof = std::string(chroma::kVersionLabel);
  obs.note = "heartbeat and version answered; no collection was read";
  auto list = reply_of(t, chroma::kCollectionsLabel);
  if (!list) return obs;
  if (is_refusal(*list)) {
    obs.auth_demanded = true;
    obs.proof = std::string(chroma::kCollectionsLabel);
    obs.note = "collections refused without credentials";
    return obs;
  }
  const auto collections = collections_of(t);
  nlohmann::json names = nlohmann::json::array();
  for (const auto& [name, id] : collections) names.push_back(name);
  obs.metadata["collections"] = std::move(names);
  SampleBudget budget;
  std::size_t read = 0;
  for (std::size_t i = 0; i < collections.size() && i < chroma::kMaxCollections; ++i) {
    const std::string label = chroma::get_label(collections[i].first);
    auto got = reply_of(t, label);
    if (!got || got->response.status != 200 || !got->body) continue;
    const auto* ids = json::member(*got->body, "ids");
    const auto* documents = json::member(*got->body, "documents");
    const auto* metadatas = json::member(*got->body, "metadatas");
    if (ids == nullptr || !ids->is_array()) continue;
    for (std::size_t k = 0; k < ids->size(); ++k) {
      nlohmann::json record = nlohmann::json::object();
      if (documents && documents->is_array() && k < documents->size())
        record["document"] = (*documents)[k];
      if (metadatas && metadatas->is_array() && k < metadatas->size())
        record["metadata"] = (*metadatas)[k];
      if (record.empty()) continue;
      if (read == 0) obs.proof = label;
      ++read;
      const std::string id =
          (*ids)[k].is_string() ? (*ids)[k].get<std::string>().substr(0, 128) : "";
      budget.add(obs, "collection " + collections[i].first + " id " + id, "json",
                 json::dump_capped(record, 8 * 1024));
    }
  }
  if (read > 0) {
    obs.data_read = true;
    obs.record_count = read;
    obs.note = std::to_string(read) + " documents read without credentials";
  }
  return obs;
}

Verdict ChromaProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
