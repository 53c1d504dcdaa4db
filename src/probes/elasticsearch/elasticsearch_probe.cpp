#include "probes/elasticsearch/elasticsearch_probe.h"

#include <algorithm>
#include <array>

#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"
#include "probes/common/sampler.h"
#include "probes/common/steps.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{9200};
constexpr std::uint32_t kRootCap = 64 * 1024;
constexpr std::uint32_t kCatCap = 1024 * 1024;
constexpr std::uint32_t kSearchCap = 512 * 1024;
constexpr std::string_view kTagline = "You Know, for Search";

const ProbeInfo kInfo{
    .id = "elasticsearch",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::search,
    .max_reply_bytes = kCatCap,
};

bool any_header_contains(const http::Response& r, std::string_view name, std::string_view text) {
  for (const auto& [k, v] : r.headers) {
    if (k == name && v.find(text) != std::string::npos) return true;
  }
  return false;
}

// What GET / (or a refusal of any request) says about the service.
struct Identity {
  bool identified = false;
  bool auth = false;
  std::string product;
  std::string version;
  std::string note;
};

// A refusal by Elasticsearch's or OpenSearch's security layer: two markers each.
Identity identify_refusal(const http::JsonReply& reply) {
  Identity id;
  const auto& r = reply.response;
  if (r.status != 401 && r.status != 403) return id;
  const bool es_header = any_header_contains(r, "www-authenticate", "realm=\"security\"") ||
                         any_header_contains(r, "x-elastic-product", "Elasticsearch");
  bool es_body = false;
  if (reply.body) {
    const auto* error = json::member(*reply.body, "error");
    es_body = error != nullptr && json::string_at(*error, "type") == "security_exception";
  }
  if (es_header && es_body) {
    return {true, true, "elasticsearch", "", "security_exception: credentials required"};
  }
  const bool os_header = any_header_contains(r, "www-authenticate", "OpenSearch Security");
  const bool os_body = r.body.find("Unauthorized") != std::string::npos;
  if (os_header && os_body) {
    return {true, true, "opensearch", "", "OpenSearch Security demands credentials"};
  }
  return id;
}

Identity identify_root(const http::JsonReply& reply, nlohmann::json& metadata) {
  if (reply.response.status != 200 || !reply.body) return identify_refusal(reply);
  const auto& body = *reply.body;
  const auto* version = json::member(body, "version");
  if (version == nullptr) return {};
  const std::string tagline = json::string_at(body, "tagline");
  const std::string lucene = json::string_at(*version, "lucene_version");
  const std::string distribution = json::string_at(*version, "distribution");
  Identity id;
  if (lucene.empty()) return id;
  if (tagline == kTagline && distribution != "opensearch") {
    id.product = "elasticsearch";
  } else if (distribution == "opensearch" && tagline.find("OpenSearch") != std::string::npos) {
    id.product = "opensearch";
  } else {
    return id;
  }
  id.identified = true;
  id.version = json::string_at(*version, "number").substr(0, 64);
  metadata["cluster_name"] = json::string_at(body, "cluster_name").substr(0, 256);
  metadata["cluster_uuid"] = json::string_at(body, "cluster_uuid").substr(0, 64);
  metadata["node_name"] = json::string_at(body, "name").substr(0, 256);
  metadata["lucene_version"] = lucene.substr(0, 32);
  const std::string flavor = json::string_at(*version, "build_flavor");
  if (!flavor.empty()) metadata["build_flavor"] = flavor.substr(0, 32);
  return id;
}

// The probe's steps (Exchange::step); a reply is read by its step, never by its label.
enum class Step : std::uint32_t { root = 0, cat_indices, search };

std::optional<http::JsonReply> reply_of(const Transcript& t, Step step) {
  const Turn* turn = find_step(t, step_id(step));
  if (turn == nullptr) return std::nullopt;
  auto r = http::json_reply(*turn, {.max_bytes = kSearchCap, .max_depth = 64});
  if (!r) return std::nullopt;
  return std::move(*r);
}

elasticsearch::IndexPlan sample_plan(const Transcript& t) {
  const Turn* cat = find_step(t, step_id(Step::cat_indices));
  if (cat == nullptr) return {};
  auto response = http::parse_response(cat->reply);
  if (!response || response->status != 200) return {};
  auto indices = elasticsearch::parse_cat_indices(response->body);
  if (!indices) return {};
  return elasticsearch::plan_indices(*indices, elasticsearch::kMaxSampledIndices);
}

// What the index cap and the system/empty rule left out, for metadata["sampling"].
nlohmann::json sampling_notes(const elasticsearch::IndexPlan& plan, std::size_t docs_read) {
  nlohmann::json notes = nlohmann::json::array();
  notes.push_back(coverage_note(plan.read.size(), plan.data_indices, "indices"));
  notes.push_back(std::to_string(docs_read) + " documents read, at most " +
                  std::to_string(elasticsearch::kMaxDocsPerIndex) + " per index");
  if (plan.system_indices > 0) {
    notes.push_back(std::to_string(plan.system_indices) +
                    " system indices (names starting with '.') skipped");
  }
  if (plan.empty_indices > 0) {
    notes.push_back(std::to_string(plan.empty_indices) + " empty indices skipped");
  }
  return notes;
}

// Reads the hits of one _search reply into samples. Returns how many were read.
std::size_t read_hits(const nlohmann::json& body, std::string_view index, SampleBudget& budget,
                      Observation& obs) {
  const auto* hits = json::member(body, "hits");
  const auto* list = hits != nullptr ? json::member(*hits, "hits") : nullptr;
  if (list == nullptr || !list->is_array()) return 0;
  std::size_t read = 0;
  for (const auto& hit : *list) {
    const auto* source = json::member(hit, "_source");
    if (source == nullptr) continue;
    ++read;
    budget.add(obs, "index " + std::string(index) + "/_doc/" + json::string_at(hit, "_id"), "json",
               json::dump_capped(*source, 8 * 1024));
  }
  return read;
}

}  // namespace

const ProbeInfo& ElasticsearchProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> ElasticsearchProbe::next(const ProbeOptions& options,
                                                 const Transcript& t) const {
  if (t.empty()) {
    return with_step(http::get_exchange("/", options, kRootCap), step_id(Step::root));
  }
  if (t.size() == 1) {
    auto root = reply_of(t, Step::root);
    if (!root) return std::nullopt;
    nlohmann::json scratch;
    const Identity id = identify_root(*root, scratch);
    if (!id.identified || id.auth) return std::nullopt;
    return with_step(http::labelled_get(std::string(elasticsearch::kCatLabel),
                                        elasticsearch::kCatPath, options, kCatCap),
                     step_id(Step::cat_indices));
  }
  const auto plan = sample_plan(t);
  const std::size_t done = t.size() - 2;
  if (done >= plan.read.size()) return std::nullopt;
  const std::string path = elasticsearch::search_path(
      plan.read[done], elasticsearch::docs_per_index(options.max_sample_records, plan.read.size()));
  return with_step(http::get_exchange(path, options, kSearchCap), step_id(Step::search),
                   plan.read[done]);
}

Framing ElasticsearchProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> ElasticsearchProbe::parse(const Transcript& t) const {
  Observation obs;
  auto root = reply_of(t, Step::root);
  if (!root) {
    obs.note = "no HTTP answer to GET /";
    return obs;
  }
  if (root->json_error && root->response.body.find(kTagline) != std::string::npos) {
    return tl::unexpected(root->json_error->code == ErrorCode::parse_error
                              ? *root->json_error
                              : Error{root->json_error->code, root->json_error->message, "GET /"});
  }
  const Identity id = identify_root(*root, obs.metadata);
  if (!id.identified) {
    obs.note = "GET / did not answer with the Elasticsearch tagline and a Lucene version";
    return obs;
  }
  obs.identified = true;
  obs.product = id.product;
  obs.version = id.version;
  obs.proof = std::string(elasticsearch::kRootLabel);
  if (id.auth) {
    obs.auth_demanded = true;
    obs.note = id.note;
    return obs;
  }
  obs.note = "GET / answered without credentials";
  auto cat = reply_of(t, Step::cat_indices);
  if (!cat) return obs;
  if (identify_refusal(*cat).auth) {
    obs.auth_demanded = true;
    obs.proof = std::string(elasticsearch::kCatLabel);
    obs.note = "index list refused without credentials";
    return obs;
  }
  if (cat->response.status != 200) {
    obs.note = "_cat/indices answered HTTP " + std::to_string(cat->response.status);
    return obs;
  }
  auto indices = elasticsearch::parse_cat_indices(cat->response.body);
  if (!indices) {
    obs.metadata["index_list_error"] = indices.error().describe();
    return obs;
  }
  std::uint64_t docs = 0;
  std::uint64_t bytes = 0;
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& index : *indices) {
    docs += index.docs;
    bytes += index.bytes;
    if (listed.size() < kMaxListed) {
      listed.push_back({{"name", index.name},
                        {"docs", index.docs},
                        {"bytes", index.bytes},
                        {"health", index.health}});
    }
  }
  obs.metadata["index_count"] = indices->size();
  obs.metadata["indices"] = std::move(listed);
  // The index list answered without credentials: security (xpack) refuses it with a 401.
  obs.data_command_accepted = true;
  obs.capabilities.read = true;
  obs.proof = std::string(elasticsearch::kCatLabel);
  obs.record_count = docs;
  obs.data_bytes = bytes;
  obs.note = std::to_string(indices->size()) + " indices listed without credentials";
  SampleBudget budget;
  std::size_t read = 0;
  const auto plan = elasticsearch::plan_indices(*indices, elasticsearch::kMaxSampledIndices);
  for (const auto& index : plan.read) {
    for (const auto& turn : t) {
      if (turn.exchange.step != step_id(Step::search) || turn.exchange.subject != index) continue;
      auto search = http::json_reply(turn, {.max_bytes = kSearchCap, .max_depth = 64});
      if (!search) continue;
      if (identify_refusal(*search).auth && read == 0) {
        obs.auth_demanded = true;
        obs.proof = turn.exchange.label;
        obs.note = "search refused without credentials";
        continue;
      }
      if (search->response.status != 200 || !search->body) continue;
      const std::size_t n = read_hits(*search->body, index, budget, obs);
      if (n > 0 && read == 0) obs.proof = turn.exchange.label;
      read += n;
    }
  }
  obs.metadata["sampling"] = sampling_notes(plan, read);
  auto names = sensitive_names(plan.data_names);
  if (!names.empty()) obs.metadata["sensitive_names"] = std::move(names);
  if (read > 0) {
    obs.data_read = true;
    obs.auth_demanded = false;
    obs.note = std::to_string(read) + " documents read without credentials from " +
               std::to_string(indices->size()) + " indices";
  }
  return obs;
}

Verdict ElasticsearchProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
