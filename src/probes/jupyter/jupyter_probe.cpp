#include "probes/jupyter/jupyter_probe.h"

#include <array>

#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{8888};
constexpr std::uint32_t kSmallCap = 64 * 1024;
constexpr std::uint32_t kListCap = 1024 * 1024;
constexpr std::uint32_t kFileCap = 1024 * 1024;

const ProbeInfo kInfo{
    .id = "jupyter",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::web,
    .max_reply_bytes = kListCap,
};

std::optional<http::JsonReply> reply_of(const Transcript& t, std::string_view label) {
  const Turn* turn = http::find_turn(t, label);
  if (turn == nullptr) return std::nullopt;
  auto r = http::json_reply(*turn, {.max_bytes = kFileCap, .max_depth = 64});
  if (!r) return std::nullopt;
  return std::move(*r);
}

// Jupyter's Content-Security-Policy reports to its own API path: a marker on every reply.
bool has_jupyter_csp(const http::Response& r) {
  return r.header("content-security-policy").value_or("").find("/api/security/csp-report") !=
         std::string_view::npos;
}

// GET /api: {"version": "..."} with the Jupyter CSP.
std::string version_of(const http::JsonReply& r) {
  if (r.response.status != 200 || !r.body || !has_jupyter_csp(r.response)) return {};
  return json::string_at(*r.body, "version").substr(0, 32);
}

// A token-protected server: 403 {"message": "Forbidden"} with the Jupyter CSP.
bool is_refusal(const http::JsonReply& r) {
  return (r.response.status == 403 || r.response.status == 401) && has_jupyter_csp(r.response) &&
         r.body && json::member(*r.body, "message") != nullptr;
}

std::vector<jupyter::Entry> plan(const Transcript& t) {
  auto listing = reply_of(t, jupyter::kContentsLabel);
  if (!listing || listing->response.status != 200 || !has_jupyter_csp(listing->response)) return {};
  auto entries = jupyter::parse_listing(listing->response.body);
  if (!entries) return {};
  return jupyter::files_to_read(*entries, jupyter::kMaxFiles);
}

}  // namespace

namespace jupyter {

Result<std::vector<Entry>> parse_listing(std::string_view body) {
  auto parsed = json::parse_bounded(body, {.max_bytes = kListCap, .max_depth = 8});
  if (!parsed) return tl::unexpected(parsed.error());
  const auto* content = json::member(*parsed, "content");
  if (json::string_at(*parsed, "type") != "directory" || content == nullptr ||
      !content->is_array()) {
    return fail(ErrorCode::parse_error, "not a Jupyter directory model", "body");
  }
  std::vector<Entry> out;
  for (const auto& item : *content) {
    Entry e;
    e.path = json::string_at(item, "path").substr(0, 1024);
    e.type = json::string_at(item, "type").substr(0, 16);
    e.size = json::uint_at(item, "size").value_or(0);
    if (e.path.empty() || e.type.empty()) continue;
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Entry> files_to_read(const std::vector<Entry>& entries, std::size_t max) {
  std::vector<Entry> out;
  for (const auto& e : entries) {
    if (out.size() >= max) break;
    if ((e.type == "file" || e.type == "notebook") && e.size > 0 && e.size <= kMaxFileSize) {
      out.push_back(e);
    }
  }
  return out;
}

std::string contents_path(std::string_view path) {
  std::string encoded;
  std::size_t start = 0;
  while (true) {
    const auto slash = path.find('/', start);
    encoded += http::url_encode(
        path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    encoded += '/';
    start = slash + 1;
  }
  return "/api/contents/" + encoded + "?content=1";
}

}  // namespace jupyter

const ProbeInfo& JupyterProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> JupyterProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) return http::get_exchange("/api", o, kSmallCap);
  if (t.size() == 1) {
    auto api = reply_of(t, jupyter::kApiLabel);
    if (!api || version_of(*api).empty()) return std::nullopt;
    return http::get_exchange("/api/contents", o, kListCap);
  }
  const auto files = plan(t);
  const std::size_t done = t.size() - 2;
  if (done >= files.size()) return std::nullopt;
  return http::get_exchange(jupyter::contents_path(files[done].path), o, kFileCap);
}

Framing JupyterProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> JupyterProbe::parse(const Transcript& t) const {
  Observation obs;
  auto api = reply_of(t, jupyter::kApiLabel);
  if (!api || version_of(*api).empty()) {
    obs.note = "GET /api did not answer like Jupyter";
    return obs;
  }
  obs.identified = true;
  obs.product = "jupyter";
  obs.version = version_of(*api);
  obs.proof = std::string(jupyter::kApiLabel);
  obs.note = "GET /api answered; the contents were not read";
  if (const auto server = api->response.header("server")) {
    obs.metadata["server"] = std::string(server->substr(0, 64));
  }
  auto listing = reply_of(t, jupyter::kContentsLabel);
  if (!listing) return obs;
  if (is_refusal(*listing)) {
    obs.auth_demanded = true;
    obs.proof = std::string(jupyter::kContentsLabel);
    obs.note = "the contents API demands a token or password";
    return obs;
  }
  if (listing->response.status != 200 || !has_jupyter_csp(listing->response)) return obs;
  auto entries = jupyter::parse_listing(listing->response.body);
  if (!entries) return obs;
  // The contents API answered without a token: the same client may start a kernel (code on
  // the host) and write files.
  obs.data_command_accepted = true;
  obs.capabilities = Capabilities{.read = true, .write = true, .exec = true};
  obs.proof = std::string(jupyter::kContentsLabel);
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& e : *entries) {
    if (listed.size() < kMaxListed)
      listed.push_back({{"path", e.path}, {"type", e.type}, {"size", e.size}});
  }
  obs.metadata["entries"] = std::move(listed);
  obs.record_count = entries->size();
  obs.note = std::to_string(entries->size()) + " entries listed without a token";
  SampleBudget budget;
  std::size_t read = 0;
  for (const auto& file : jupyter::files_to_read(*entries, jupyter::kMaxFiles)) {
    const std::string label = "GET " + jupyter::contents_path(file.path);
    auto model = reply_of(t, label);
    if (!model || model->response.status != 200 || !model->body) continue;
    const auto* content = json::member(*model->body, "content");
    if (content == nullptr || content->is_null() ||
        json::string_at(*model->body, "path") != file.path) {
      continue;
    }
    if (read == 0) obs.proof = label;
    ++read;
    const bool text = content->is_string();
    budget.add(obs, "file " + file.path, text ? "text" : "json",
               text ? content->get<std::string>() : json::dump_capped(*content, 8 * 1024));
  }
  if (read > 0) {
    obs.data_read = true;
    obs.note = std::to_string(read) + " files read without a token";
  }
  return obs;
}

Verdict JupyterProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
