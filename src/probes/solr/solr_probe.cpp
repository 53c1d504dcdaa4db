#include "probes/solr/solr_probe.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/ascii.h"
#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"
#include "probes/common/steps.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{8983};
constexpr std::uint32_t kSmallCap = 256 * 1024;
constexpr std::uint32_t kListCap = 1024 * 1024;
constexpr std::uint32_t kSelectCap = 512 * 1024;

const ProbeInfo kInfo{
    .id = "solr",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::search,
    .max_reply_bytes = kListCap,
};

// The probe's steps (Exchange::step); a reply is read by its step, never by its label.
enum class Step : std::uint32_t { system = 0, cores, select };

std::optional<http::JsonReply> reply_of(const Transcript& t, Step step) {
  const Turn* turn = find_step(t, step_id(step));
  if (turn == nullptr) return std::nullopt;
  auto r = http::json_reply(*turn, {.max_bytes = kListCap, .max_depth = 64});
  if (!r) return std::nullopt;
  return std::move(*r);
}

// Solr's envelope: {"responseHeader":{"status":0,"QTime":n}, ...}.
bool has_response_header(const nlohmann::json& body) {
  const auto* h = json::member(body, "responseHeader");
  return h != nullptr && json::member(*h, "status") != nullptr &&
         json::member(*h, "QTime") != nullptr;
}

std::string solr_version(const http::JsonReply& r) {
  if (r.response.status != 200 || !r.body || !has_response_header(*r.body)) return {};
  const auto* lucene = json::member(*r.body, "lucene");
  if (lucene == nullptr || json::string_at(*lucene, "lucene-spec-version").empty()) return {};
  return json::string_at(*lucene, "solr-spec-version").substr(0, 32);
}

// Solr's BasicAuthPlugin refusal: 401, a Basic (or xBasic) challenge with realm "solr", and a
// body saying authentication is required.
bool is_refusal(const http::Response& r) {
  if (r.status != 401 && r.status != 403) return false;
  const std::string challenge = ascii_lower(r.header("www-authenticate").value_or(""));
  return challenge.find("realm=\"solr\"") != std::string::npos &&
         (ascii_lower(r.body).find("require authentication") != std::string::npos ||
          ascii_lower(r.body).find("unauthorized") != std::string::npos);
}

std::vector<std::string> sample_plan(const Transcript& t) {
  auto cores = reply_of(t, Step::cores);
  if (!cores || cores->response.status != 200) return {};
  auto list = solr::parse_cores(cores->response.body);
  if (!list) return {};
  std::vector<std::string> out;
  for (const auto& c : *list) {
    if (out.size() < solr::kMaxSampledCores && c.docs > 0) out.push_back(c.name);
  }
  return out;
}

}  // namespace

namespace solr {

Result<std::vector<Core>> parse_cores(std::string_view body) {
  auto parsed = json::parse_bounded(body, {.max_bytes = kListCap, .max_depth = 16});
  if (!parsed) return tl::unexpected(parsed.error());
  const auto* status = json::member(*parsed, "status");
  if (!has_response_header(*parsed) || status == nullptr || !status->is_object()) {
    return fail(ErrorCode::parse_error, "not a cores STATUS reply", "body");
  }
  std::vector<Core> out;
  for (const auto& [name, core] : status->items()) {
    Core c;
    c.name = name.substr(0, 256);
    if (const auto* index = json::member(core, "index")) {
      c.docs = json::uint_at(*index, "numDocs").value_or(0);
      c.bytes = json::uint_at(*index, "sizeInBytes").value_or(0);
    }
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Core& a, const Core& b) { return a.bytes > b.bytes; });
  return out;
}

std::string select_path(std::string_view core, std::uint32_t rows) {
  return "/solr/" + http::url_encode(core) + "/select?q=*:*&rows=" + std::to_string(rows) +
         "&wt=json";
}

}  // namespace solr

const ProbeInfo& SolrProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> SolrProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) {
    return with_step(http::labelled_get(std::string(solr::kSystemLabel),
                                        "/solr/admin/info/system?wt=json", o, kSmallCap),
                     step_id(Step::system));
  }
  if (t.size() == 1) {
    auto sys = reply_of(t, Step::system);
    if (!sys || solr_version(*sys).empty()) return std::nullopt;
    return with_step(http::labelled_get(std::string(solr::kCoresLabel),
                                        "/solr/admin/cores?action=STATUS&wt=json", o, kListCap),
                     step_id(Step::cores));
  }
  const auto plan = sample_plan(t);
  const std::size_t done = t.size() - 2;
  if (done >= plan.size()) return std::nullopt;
  const auto rows = std::clamp<std::uint32_t>(
      o.max_sample_records / static_cast<std::uint32_t>(solr::kMaxSampledCores), 1, 100);
  return with_step(http::get_exchange(solr::select_path(plan[done], rows), o, kSelectCap),
                   step_id(Step::select), plan[done]);
}

Framing SolrProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> SolrProbe::parse(const Transcript& t) const {
  Observation obs;
  auto sys = reply_of(t, Step::system);
  if (!sys) {
    obs.note = "no HTTP answer to the system info request";
    return obs;
  }
  obs.proof = std::string(solr::kSystemLabel);
  if (is_refusal(sys->response)) {
    obs.identified = true;
    obs.product = "solr";
    obs.auth_demanded = true;
    obs.note = "Solr's authentication plugin demands credentials";
    return obs;
  }
  obs.version = solr_version(*sys);
  if (obs.version.empty()) {
    obs.note = "the system info request was not answered like Solr";
    return obs;
  }
  obs.identified = true;
  obs.product = "solr";
  obs.metadata["mode"] = json::string_at(*sys->body, "mode").substr(0, 16);
  obs.note = "system info answered without credentials";
  auto cores_reply = reply_of(t, Step::cores);
  if (!cores_reply) return obs;
  if (is_refusal(cores_reply->response)) {
    obs.auth_demanded = true;
    obs.proof = std::string(solr::kCoresLabel);
    return obs;
  }
  auto cores = cores_reply->response.status == 200 ? solr::parse_cores(cores_reply->response.body)
                                                   : fail(ErrorCode::parse_error, "not 200", "");
  if (!cores) return obs;
  nlohmann::json listed = nlohmann::json::array();
  std::uint64_t docs = 0;
  std::uint64_t bytes = 0;
  for (const auto& c : *cores) {
    docs += c.docs;
    bytes += c.bytes;
    if (listed.size() < kMaxListed)
      listed.push_back({{"name", c.name}, {"docs", c.docs}, {"bytes", c.bytes}});
  }
  obs.metadata["cores"] = std::move(listed);
  obs.record_count = docs;
  obs.data_bytes = bytes;
  SampleBudget budget;
  std::size_t read = 0;
  for (const auto& core : sample_plan(t)) {
    for (const auto& turn : t) {
      if (turn.exchange.step != step_id(Step::select) || turn.exchange.subject != core) continue;
      auto sel = http::json_reply(turn, {.max_bytes = kSelectCap, .max_depth = 64});
      if (!sel || sel->response.status != 200 || !sel->body || !has_response_header(*sel->body))
        continue;
      const auto* response = json::member(*sel->body, "response");
      const auto* found = response ? json::member(*response, "docs") : nullptr;
      if (found == nullptr || !found->is_array()) continue;
      for (const auto& doc : *found) {
        if (read == 0) obs.proof = turn.exchange.label;
        ++read;
        budget.add(obs, "core " + core + " doc " + json::string_at(doc, "id").substr(0, 128),
                   "json", json::dump_capped(doc, 8 * 1024));
      }
    }
  }
  if (read > 0) {
    obs.data_read = true;
    obs.note = std::to_string(read) + " documents read without credentials";
  }
  return obs;
}

Verdict SolrProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
