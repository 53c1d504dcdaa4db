#include "probes/qdrant/qdrant_probe.h"

#include <algorithm>
#include <array>

#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{6333};
constexpr std::uint32_t kSmallCap = 64 * 1024;
constexpr std::uint32_t kListCap = 1024 * 1024;

const ProbeInfo kInfo{
    .id = "qdrant",
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

// GET /: {"title":"qdrant - vector search engine","version":"1.7.4","commit":...}.
std::string version_of(const http::JsonReply& r) {
  if (r.response.status != 200 || !r.body ||
      !json::string_at(*r.body, "title").starts_with("qdrant"))
    return {};
  return json::string_at(*r.body, "version").substr(0, 32);
}

// Qdrant's API-key refusal (401/403, plain text naming the API key).
bool is_refusal(const http::Response& r) {
  return (r.status == 401 || r.status == 403) && (r.body.find("API key") != std::string::npos ||
                                                  r.body.find("api-key") != std::string::npos);
}

// {"result":...,"status":"ok","time":...}: Qdrant's envelope.
const nlohmann::json* ok_result(const http::JsonReply& r) {
  if (r.response.status != 200 || !r.body || json::string_at(*r.body, "status") != "ok" ||
      json::member(*r.body, "time") == nullptr) {
    return nullptr;
  }
  return json::member(*r.body, "result");
}

std::vector<std::string> collections_of(const Transcript& t) {
  std::vector<std::string> out;
  auto r = reply_of(t, qdrant::kCollectionsLabel);
  const auto* result = r ? ok_result(*r) : nullptr;
  const auto* list = result ? json::member(*result, "collections") : nullptr;
  if (list == nullptr || !list->is_array()) return out;
  for (const auto& c : *list) {
    const std::string name = json::string_at(c, "name");
    if (!name.empty() && out.size() < kMaxListed) out.push_back(name.substr(0, 256));
  }
  return out;
}

}  // namespace

namespace qdrant {
std::string scroll_label(std::string_view collection) {
  return "POST /collections/" + http::url_encode(collection) + "/points/scroll";
}
std::string scroll_body(std::uint32_t limit) {
  return R"({"limit":)" + std::to_string(limit) + R"(,"with_payload":true,"with_vector":false})";
}
}  // namespace qdrant

const ProbeInfo& QdrantProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> QdrantProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) return http::get_exchange("/", o, kSmallCap);
  if (t.size() == 1) {
    auto root = reply_of(t, qdrant::kRootLabel);
    if (!root || version_of(*root).empty()) return std::nullopt;
    return http::get_exchange("/collections", o, kListCap);
  }
  const auto names = collections_of(t);
  const std::size_t done = t.size() - 2;
  if (done >= std::min(names.size(), qdrant::kMaxCollections)) return std::nullopt;
  const auto limit = std::clamp<std::uint32_t>(
      o.max_sample_records / static_cast<std::uint32_t>(qdrant::kMaxCollections), 1, 100);
  const std::string path = "/collections/" + http::url_encode(names[done]) + "/points/scroll";
  return http::post_exchange(qdrant::scroll_label(names[done]), path, qdrant::scroll_body(limit), o,
                             kListCap);
}

Framing QdrantProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> QdrantProbe::parse(const Transcript& t) const {
  Observation obs;
  auto root = reply_of(t, qdrant::kRootLabel);
  if (!root || version_of(*root).empty()) {
    obs.note = "GET / did not answer like Qdrant";
    return obs;
  }
  obs.identified = true;
  obs.product = "qdrant";
  obs.version = version_of(*root);
  obs.proof = std::string(qdrant::kRootLabel);
  obs.note = "GET / answered; no collection was read";
  auto list = reply_of(t, qdrant::kCollectionsLabel);
  if (!list) return obs;
  if (is_refusal(list->response)) {
    obs.auth_demanded = true;
    obs.proof = std::string(qdrant::kCollectionsLabel);
    obs.note = "collections refused without an API key";
    return obs;
  }
  if (ok_result(*list) == nullptr) return obs;  // the envelope is the second marker
  const auto names = collections_of(t);
  obs.metadata["collections"] = names;
  SampleBudget budget;
  std::size_t read = 0;
  for (std::size_t i = 0; i < names.size() && i < qdrant::kMaxCollections; ++i) {
    const std::string label = qdrant::scroll_label(names[i]);
    auto scroll = reply_of(t, label);
    const auto* result = scroll ? ok_result(*scroll) : nullptr;
    const auto* points = result ? json::member(*result, "points") : nullptr;
    if (points == nullptr || !points->is_array()) continue;
    for (const auto& point : *points) {
      const auto* payload = json::member(point, "payload");
      if (payload == nullptr || !payload->is_object()) continue;
      if (read == 0) obs.proof = label;
      ++read;
      const auto* id = json::member(point, "id");
      budget.add(obs, "collection " + names[i] + " point " + (id ? json::dump_capped(*id, 64) : ""),
                 "json", json::dump_capped(*payload, 8 * 1024));
    }
  }
  if (read > 0) {
    obs.data_read = true;
    obs.record_count = read;
    obs.note = std::to_string(read) + " point payloads read without an API key";
  }
  return obs;
}

Verdict QdrantProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
