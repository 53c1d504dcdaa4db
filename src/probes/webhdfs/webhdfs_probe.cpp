#include "probes/webhdfs/webhdfs_probe.h"

#include <array>

#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 2> kPorts{9870, 50070};
constexpr std::uint32_t kSmallCap = 64 * 1024;
constexpr std::uint32_t kListCap = 1024 * 1024;

const ProbeInfo kInfo{
    .id = "webhdfs",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::file,
    .max_reply_bytes = kListCap,
};

std::optional<http::JsonReply> reply_of(const Transcript& t, std::string_view label) {
  const Turn* turn = http::find_turn(t, label);
  if (turn == nullptr) return std::nullopt;
  auto r = http::json_reply(*turn, {.max_bytes = kListCap, .max_depth = 16});
  if (!r) return std::nullopt;
  return std::move(*r);
}

// {"FileStatus":{"pathSuffix":...,"permission":...,"replication":...,"type":"DIRECTORY"}}
bool is_root_status(const http::JsonReply& r) {
  const auto* fs =
      r.response.status == 200 && r.body ? json::member(*r.body, "FileStatus") : nullptr;
  return fs != nullptr && json::member(*fs, "pathSuffix") != nullptr &&
         !json::string_at(*fs, "permission").empty() && json::string_at(*fs, "type") == "DIRECTORY";
}

// A Hadoop RemoteException (AccessControlException, SecurityException...) on 401/403, or the
// authentication filter's Kerberos challenge.
bool is_refusal(const http::JsonReply& r) {
  if (r.response.status != 401 && r.response.status != 403) return false;
  if (r.body) {
    const auto* e = json::member(*r.body, "RemoteException");
    if (e != nullptr && !json::string_at(*e, "javaClassName").empty() &&
        !json::string_at(*e, "exception").empty()) {
      return true;
    }
  }
  return r.response.header("www-authenticate").value_or("").starts_with("Negotiate") &&
         r.response.body.find("Authentication required") != std::string::npos;
}

std::vector<std::string> subdirs(const Transcript& t) {
  std::vector<std::string> out;
  auto root = reply_of(t, webhdfs::kRootListLabel);
  if (!root || root->response.status != 200) return out;
  auto entries = webhdfs::parse_list(root->response.body);
  if (!entries) return out;
  for (const auto& e : *entries) {
    if (out.size() < webhdfs::kMaxSubdirs && e.type == "DIRECTORY" && !e.name.empty())
      out.push_back(e.name);
  }
  return out;
}

}  // namespace

namespace webhdfs {

Result<std::vector<Entry>> parse_list(std::string_view body) {
  auto parsed = json::parse_bounded(body, {.max_bytes = kListCap, .max_depth = 8});
  if (!parsed) return tl::unexpected(parsed.error());
  const auto* outer = json::member(*parsed, "FileStatuses");
  const auto* list = outer ? json::member(*outer, "FileStatus") : nullptr;
  if (list == nullptr || !list->is_array()) {
    return fail(ErrorCode::parse_error, "not a LISTSTATUS reply", "body");
  }
  std::vector<Entry> out;
  for (const auto& s : *list) {
    if (json::member(s, "pathSuffix") == nullptr || json::string_at(s, "permission").empty())
      continue;
    out.push_back({json::string_at(s, "pathSuffix").substr(0, 1024),
                   json::string_at(s, "type").substr(0, 16), json::uint_at(s, "length").value_or(0),
                   json::string_at(s, "owner").substr(0, 128)});
  }
  return out;
}

std::string list_path(std::string_view dir) {
  return "/webhdfs/v1/" + http::url_encode(dir) + "?op=LISTSTATUS";
}

}  // namespace webhdfs

const ProbeInfo& WebhdfsProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> WebhdfsProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) return http::get_exchange("/webhdfs/v1/?op=GETFILESTATUS", o, kSmallCap);
  if (t.size() == 1) {
    auto root = reply_of(t, webhdfs::kRootStatusLabel);
    if (!root || !is_root_status(*root)) return std::nullopt;
    return http::get_exchange("/webhdfs/v1/?op=LISTSTATUS", o, kListCap);
  }
  const auto dirs = subdirs(t);
  const std::size_t done = t.size() - 2;
  if (done >= dirs.size()) return std::nullopt;
  return http::get_exchange(webhdfs::list_path(dirs[done]), o, kListCap);
}

Framing WebhdfsProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> WebhdfsProbe::parse(const Transcript& t) const {
  Observation obs;
  auto root = reply_of(t, webhdfs::kRootStatusLabel);
  if (!root) {
    obs.note = "no HTTP answer to GETFILESTATUS";
    return obs;
  }
  obs.proof = std::string(webhdfs::kRootStatusLabel);
  if (is_refusal(*root)) {
    obs.identified = true;
    obs.product = "webhdfs";
    obs.auth_demanded = true;
    obs.note = "WebHDFS demands authentication (Kerberos/SPNEGO or permissions)";
    return obs;
  }
  if (!is_root_status(*root)) {
    obs.note = "GETFILESTATUS did not answer like WebHDFS";
    return obs;
  }
  obs.identified = true;
  obs.product = "webhdfs";
  obs.metadata["root_owner"] =
      json::string_at(*json::member(*root->body, "FileStatus"), "owner").substr(0, 128);
  obs.note = "the root status answered without authentication";
  auto list = reply_of(t, webhdfs::kRootListLabel);
  if (!list) return obs;
  if (is_refusal(*list)) {
    obs.auth_demanded = true;
    obs.proof = std::string(webhdfs::kRootListLabel);
    return obs;
  }
  SampleBudget budget;
  std::size_t read = 0;
  std::uint64_t bytes = 0;
  nlohmann::json listed = nlohmann::json::array();
  auto add = [&](const std::string& dir, const std::vector<webhdfs::Entry>& entries) {
    for (const auto& e : entries) {
      const std::string path = dir + "/" + e.name;
      ++read;
      bytes += e.length;
      nlohmann::json record{
          {"path", path}, {"type", e.type}, {"length", e.length}, {"owner", e.owner}};
      if (listed.size() < kMaxListed) listed.push_back(record);
      budget.add(obs, "hdfs " + path, "json", json::dump_capped(record, 2048));
    }
  };
  if (list->response.status == 200) {
    auto entries = webhdfs::parse_list(list->response.body);
    if (entries) add("", *entries);
  }
  for (const auto& dir : subdirs(t)) {
    const Turn* turn = http::find_turn(t, "GET " + webhdfs::list_path(dir));
    if (turn == nullptr) continue;
    auto r = http::parse_response(turn->reply);
    if (!r || r->status != 200 || r->truncated) continue;
    auto entries = webhdfs::parse_list(r->body);
    if (entries) add("/" + dir, *entries);
  }
  obs.metadata["entries"] = std::move(listed);
  obs.record_count = read;
  obs.data_bytes = bytes;
  if (read > 0) {
    obs.data_read = true;
    obs.proof = std::string(webhdfs::kRootListLabel);
    obs.note = std::to_string(read) + " files and folders listed without authentication";
  }
  return obs;
}

Verdict WebhdfsProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
