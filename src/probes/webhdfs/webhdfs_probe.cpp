#include "probes/webhdfs/webhdfs_probe.h"

#include <algorithm>
#include <array>

#include "core/bytes.h"
#include "probes/common/file_tree.h"
#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"
#include "probes/common/steps.h"
#include "probes/webhdfs/webhdfs_datanode.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 2> kPorts{9870, 50070};
constexpr std::uint32_t kSmallCap = 64 * 1024;
constexpr std::uint32_t kListCap = 1024 * 1024;
// OPEN asks for the first kReadBytes of a file (the documented `length` parameter).
constexpr std::uint32_t kReadBytes = 16 * 1024;
constexpr std::uint32_t kOpenCap = kReadBytes + 16 * 1024;
constexpr std::size_t kMaxOpens = 16;
constexpr std::size_t kSampleCap = 16 * 1024;
// The walk (docs/sampling.md): 2 + 24 + 16 exchanges stay within the engine's 64.
constexpr TreeCaps kWalkCaps{
    .max_depth = 8, .max_listings = 24, .max_entries = 20'000, .max_path_bytes = 1024};

// The probe's steps (Exchange::step); replies are read by step and subject, never by label.
enum Step : std::uint32_t { kRootStatus = 1, kList, kOpen };

const ProbeInfo kInfo{
    .id = "webhdfs",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::file,
    .max_reply_bytes = kListCap,
};

Exchange step_exchange(std::string_view path, const ProbeOptions& o, std::uint32_t cap, Step step,
                       std::string subject) {
  return with_step(http::get_exchange(path, o, cap), step, std::move(subject));
}

std::optional<http::JsonReply> json_of(const Turn* turn) {
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

// The entries of one LISTSTATUS turn, or why it gave none.
tl::expected<std::vector<webhdfs::Entry>, std::string> listing_of(const Turn& turn) {
  auto r = http::parse_response(turn.reply);
  if (!r) return tl::unexpected(std::string("not HTTP"));
  if (r->truncated) return tl::unexpected(std::string("reply over the cap"));
  if (r->status != 200) return tl::unexpected("HTTP " + std::to_string(r->status));
  auto entries = webhdfs::parse_list(r->body);
  if (!entries) return tl::unexpected(entries.error().describe());
  return std::move(*entries);
}

// The walk so far, from the LISTSTATUS turns of the transcript.
TreeWalk walk_of(const Transcript& t) {
  TreeWalk w(kWalkCaps);
  for (const auto& turn : t) {
    if (turn.exchange.step != kList) continue;
    const std::string& dir = turn.exchange.subject;
    auto entries = listing_of(turn);
    if (!entries) {
      w.add_failed(dir, entries.error());
      continue;
    }
    std::vector<TreeEntry> list;
    for (auto& e : *entries) list.push_back({std::move(e.name), e.type == "DIRECTORY", e.length});
    w.add_listing(dir, list);
  }
  return w;
}

// The first listing answered in full: the proof that listing needs no credentials.
const Turn* first_listing(const Transcript& t) {
  for (const auto& turn : t) {
    if (turn.exchange.step == kList && listing_of(turn)) return &turn;
  }
  return nullptr;
}

// "http://dn1.example:9864/webhdfs/v1/...": "dn1.example:9864".
std::string authority_of(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url.remove_prefix(scheme + 3);
  return std::string(url.substr(0, std::min(url.find('/'), url.size())));
}

// Files opened: at most kMaxOpens, the scan's record budget and its byte budget in kReadBytes.
std::size_t open_budget(const ProbeOptions& o) {
  const std::size_t by_bytes = std::max<std::size_t>(1, o.max_sample_bytes / kReadBytes);
  return std::min({kMaxOpens, std::size_t{o.max_sample_records}, by_bytes});
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

std::string encode_path(std::string_view path) {
  std::string out = "/webhdfs/v1";
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    auto end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out += "/" + http::url_encode(path.substr(pos, end - pos));
    pos = end;
  }
  return out == "/webhdfs/v1" ? out + "/" : out;
}

std::string list_path(std::string_view dir) {
  return encode_path(dir) + "?op=LISTSTATUS";
}

std::string open_path(std::string_view file) {
  return encode_path(file) + "?op=OPEN&length=" + std::to_string(kReadBytes);
}

}  // namespace webhdfs

const ProbeInfo& WebhdfsProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> WebhdfsProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) {
    return step_exchange("/webhdfs/v1/?op=GETFILESTATUS", o, kSmallCap, kRootStatus, "/");
  }
  auto root = json_of(find_step(t, kRootStatus));
  if (!root || !is_root_status(*root)) return std::nullopt;
  const TreeWalk w = walk_of(t);
  if (w.listed().empty()) return step_exchange(webhdfs::list_path("/"), o, kListCap, kList, "/");
  if (auto root_list = json_of(find_step(t, kList)); root_list && is_refusal(*root_list)) {
    return std::nullopt;
  }
  std::size_t opened = 0;
  for (const auto& turn : t) {
    if (turn.exchange.step != kOpen) continue;
    ++opened;
    // A NameNode answers OPEN with a redirect to a DataNode. One that is not followed (another
    // address, or no usable Location) ends the reads: every other file would go the same way.
    if (auto r = http::parse_response(turn.reply); r && r->status == 307) {
      const auto to = webhdfs::parse_location(r->header("location").value_or(""));
      if (!to || !webhdfs::same_host(to->host, o.address)) return std::nullopt;
    }
  }
  if (opened == 0) {
    if (auto dir = w.next_directory()) {
      return step_exchange(webhdfs::list_path(*dir), o, kListCap, kList, *dir);
    }
  }
  // The walk is over: open the sampler's choice of files, one after another.
  const auto order = w.files_to_read(open_budget(o));
  if (opened >= order.size()) return std::nullopt;
  const std::string& file = w.files()[order[opened]].path;
  return step_exchange(webhdfs::open_path(file), o, kOpenCap, kOpen, file);
}

Framing WebhdfsProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> WebhdfsProbe::parse(const Transcript& t) const {
  Observation obs;
  const Turn* status = find_step(t, kRootStatus);
  auto root = json_of(status);
  if (!root) {
    obs.note = "no HTTP answer to GETFILESTATUS";
    return obs;
  }
  obs.proof = status->exchange.label;
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
  const Turn* root_list = find_step(t, kList);
  auto list = json_of(root_list);
  if (!list) return obs;
  if (is_refusal(*list)) {
    obs.auth_demanded = true;
    obs.proof = root_list->exchange.label;
    return obs;
  }
  const TreeWalk w = walk_of(t);
  obs.metadata["entries"] = w.entries_json(kMaxListed);
  obs.metadata["directories_listed"] = w.listed().size();
  if (auto names = w.sensitive_paths(); !names.empty()) obs.metadata["sensitive_names"] = names;
  SampleBudget budget;
  std::size_t read = 0;
  std::size_t redirected = 0;
  std::size_t refused = 0;
  std::string datanode;
  nlohmann::json redirects = nlohmann::json::array();  // what follow_ups() may read
  for (const auto& turn : t) {
    if (turn.exchange.step != kOpen) continue;
    auto r = http::parse_response(turn.reply);
    if (!r) continue;
    if (r->status == 200 && !r->truncated && !r->body.empty()) {
      // Served directly (a gateway, or a NameNode that reads itself): the file's first bytes.
      if (read++ == 0) obs.proof = turn.exchange.label;
      budget.add(obs, "hdfs " + printable(turn.exchange.subject, 256), "text", r->body);
    } else if (r->status == 307) {
      // The documented answer: the NameNode allowed the read and sends the client to a DataNode.
      ++redirected;
      const std::string location(r->header("location").value_or(""));
      if (datanode.empty()) datanode = authority_of(location);
      if (const auto to = webhdfs::parse_location(location)) {
        redirects.push_back({{"file", turn.exchange.subject},
                             {"host", to->host},
                             {"port", to->port},
                             {"rpc", to->namenode_rpc}});
      }
    } else if (r->status == 401 || r->status == 403) {
      ++refused;
    }
  }
  std::string why;
  if (redirected > 0) {
    why = "OPEN is answered with a redirect to DataNode " + printable(datanode, 128) +
          ", read only on the service's own address";
  }
  if (refused > 0) {
    why += std::string(why.empty() ? "" : "; ") + std::to_string(refused) + " refused";
  }
  obs.metadata["sampling"] = w.coverage(read, why);
  if (!redirects.empty()) obs.metadata["redirects"] = std::move(redirects);
  obs.record_count = w.files().size();
  obs.data_bytes = w.bytes_seen();
  if (const Turn* proof = first_listing(t)) {
    // A listing answered without authentication: a data command a secured cluster refuses.
    obs.data_command_accepted = true;
    obs.samples.insert(obs.samples.begin(),
                       Sample{"listing /", "text", w.listing_text(kSampleCap)});
    if (read == 0) obs.proof = proof->exchange.label;
  }
  obs.data_read = read > 0;
  obs.note = std::to_string(w.files().size()) + " files in " + std::to_string(w.listed().size()) +
             " directories listed without authentication; " + std::to_string(read) + " files read";
  return obs;
}

Verdict WebhdfsProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

std::vector<std::unique_ptr<Probe>> WebhdfsProbe::follow_ups(const Observation& obs,
                                                             const ProbeOptions& options) const {
  return webhdfs_datanode_follow_ups(obs, options);
}

Observation WebhdfsProbe::fold(Observation main, std::span<const Result<Observation>> reads) const {
  return webhdfs_fold_datanodes(std::move(main), reads);
}

}  // namespace lw::probes
