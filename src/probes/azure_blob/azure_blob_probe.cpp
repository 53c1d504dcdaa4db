#include "probes/azure_blob/azure_blob_probe.h"

#include <algorithm>
#include <array>

#include "core/ascii.h"
#include "core/bytes.h"
#include "probes/azure_blob/azure_listing.h"
#include "probes/common/http.h"
#include "probes/common/object_store.h"
#include "probes/common/sampler.h"

namespace lw::probes {
namespace {

constexpr std::uint32_t kListCap = 1024 * 1024;
constexpr std::size_t kMaxExchanges = object_store::kMaxDialogueExchanges;
constexpr std::size_t kMaxOpenContainers = 8;
constexpr std::uint32_t kPageBlobs = 1000;  // maxresults of every listing (one page each)
constexpr std::size_t kMaxMetadataBlobs = 100;
constexpr std::string_view kEmulatorAccount = "devstoreaccount1";
constexpr std::array<std::uint16_t, 1> kPorts = {10000};
constexpr std::array<std::uint16_t, 1> kTlsPorts = {443};

const ProbeInfo kInfo{
    .id = "azure_blob",
    .default_ports = kPorts,
    .tls_ports = kTlsPorts,
    .kind = ServiceKind::object_store,
    .max_reply_bytes = kListCap,
    .server_speaks_first = false,
};

enum class TurnKind { service, list, blob };
struct TurnInfo {
  TurnKind kind = TurnKind::service;
  std::string container;
  std::string blob;  // as encoded in the path
};

// Recovers what a turn was from the label this probe gave it ("GET <prefix>/<c>?restype=...").
TurnInfo classify(std::string_view label, std::string_view prefix) {
  TurnInfo info;
  std::string_view path = label.starts_with("GET ") ? label.substr(4) : label;
  const auto q = path.find('?');
  const std::string_view query = q == std::string_view::npos ? "" : path.substr(q + 1);
  path = path.substr(0, q);
  if (path.starts_with(prefix)) path.remove_prefix(prefix.size());
  if (path.starts_with("/")) path.remove_prefix(1);
  if (query.find("restype=container") != std::string_view::npos) {
    info.kind = TurnKind::list;
    info.container = std::string(path);
    return info;
  }
  if (path.empty()) return info;
  const auto slash = path.find('/');
  if (slash == std::string_view::npos) return info;
  info.kind = TurnKind::blob;
  info.container = std::string(path.substr(0, slash));
  info.blob = std::string(path.substr(slash + 1));
  return info;
}

// A listing that proves an anonymous read: an EnumerationResults naming the container asked
// for, from Azure Storage (request id / Server), with at least one blob.
bool proves_read(const azure::AzureReply& r, std::string_view container) {
  return r.status == 200 && r.kind == azure::ReplyKind::blob_list && azure::is_azure(r) &&
         r.container_name == container && !r.blobs.empty();
}

bool identified(const azure::AzureReply& r) {
  if (!azure::is_azure(r)) return false;
  return r.kind == azure::ReplyKind::error || r.kind == azure::ReplyKind::container_list ||
         r.kind == azure::ReplyKind::blob_list;
}

struct Analysis {
  bool first_identified = false;
  bool dead = false;
  std::vector<std::string> service_containers;
  std::vector<std::string> tried;
  std::vector<std::string> read;
  std::vector<std::pair<std::string, azure::Blob>> readable;
  std::size_t open = 0;
};

Analysis analyze(const Transcript& t, std::string_view prefix) {
  Analysis a;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Turn& turn = t[i];
    const TurnInfo info = classify(turn.exchange.label, prefix);
    if (info.kind == TurnKind::list) a.tried.push_back(info.container);
    if (info.kind == TurnKind::blob) a.read.push_back(info.container + "/" + info.blob);
    if (turn.reply.empty() && turn.end != ReplyEnd::complete) {
      a.dead = true;
      continue;
    }
    auto r = azure::parse_reply(turn.reply);
    if (!r) {
      if (i == 0) a.dead = true;
      continue;
    }
    if (i == 0) a.first_identified = identified(*r);
    if (r->kind == azure::ReplyKind::container_list && azure::is_azure(*r)) {
      a.service_containers = r->containers;
    }
    if (info.kind == TurnKind::list && proves_read(*r, info.container)) {
      ++a.open;
      for (const auto& b : r->blobs) {
        if (b.size > 0 && object_store::is_text_like(b.name, b.content_type)) {
          a.readable.emplace_back(info.container, b);
        }
      }
    }
    if (turn.end == ReplyEnd::closed || turn.end == ReplyEnd::reset) a.dead = true;
  }
  return a;
}

Exchange make_get(std::string path, const std::string& host, std::uint32_t cap,
                  std::string_view extra = {}) {
  Exchange e;
  e.label = "GET " + path;
  // x-ms-version: a version every Azure Storage release and Azurite accept for these calls.
  std::string headers = "x-ms-version: 2021-08-06\r\n";
  headers.append(extra);
  e.request = http::get_request(path, host, true, headers);
  e.max_reply_bytes = cap;
  return e;
}

}  // namespace

namespace azure {
std::string account_prefix(std::string_view host_name) {
  if (ascii_lower(host_name).ends_with(".blob.core.windows.net")) return "";
  return "/" + std::string(kEmulatorAccount);
}
}  // namespace azure

const ProbeInfo& AzureBlobProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> AzureBlobProbe::next(const ProbeOptions& options,
                                             const Transcript& t) const {
  if (t.size() >= kMaxExchanges) return std::nullopt;
  const std::string prefix = azure::account_prefix(options.host_name);
  const std::string host = object_store::host_header(options);
  const std::string n = std::to_string(kPageBlobs);
  if (t.empty()) {
    const std::string root = prefix.empty() ? "/" : prefix;
    return make_get(root + "?comp=list&maxresults=" + n, host, kListCap);
  }
  const Analysis a = analyze(t, prefix);
  if (a.dead || !a.first_identified) return std::nullopt;
  if (a.open < kMaxOpenContainers) {
    for (const auto& name :
         object_store::candidate_names(a.service_containers, options.bucket_names)) {
      if (std::find(a.tried.begin(), a.tried.end(), name) != a.tried.end()) continue;
      return make_get(prefix + "/" + name + "?restype=container&comp=list&maxresults=" + n, host,
                      kListCap);
    }
  }
  const std::size_t listing_turns = t.size() - a.read.size();
  const std::size_t max_reads = std::min(object_store::read_budget(options),
                                         kMaxExchanges - std::min(kMaxExchanges, listing_turns));
  if (a.read.size() >= max_reads) return std::nullopt;
  std::vector<object_store::ObjectRef> refs;
  refs.reserve(a.readable.size());
  for (const auto& [container, blob] : a.readable) refs.push_back({container, blob.name});
  for (const std::size_t i : object_store::plan_reads(refs, max_reads)) {
    const auto& [container, blob] = a.readable[i];
    const std::string encoded = object_store::encode_path(blob.name);
    if (std::find(a.read.begin(), a.read.end(), container + "/" + encoded) != a.read.end()) {
      continue;
    }
    const std::string range =
        "Range: bytes=0-" + std::to_string(object_store::kMaxObjectReadBytes - 1) + "\r\n";
    return make_get(prefix + "/" + container + "/" + encoded, host,
                    object_store::kMaxObjectReadBytes + 4096, range);
  }
  return std::nullopt;
}

Framing AzureBlobProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_response(reply);
}

Result<Observation> AzureBlobProbe::parse(const Transcript& t) const {
  Observation obs;
  std::string prefix = "/" + std::string(kEmulatorAccount);
  if (!t.empty() && !t[0].exchange.label.starts_with("GET /" + std::string(kEmulatorAccount))) {
    prefix.clear();
  }
  nlohmann::json containers = nlohmann::json::array();
  nlohmann::json denied = nlohmann::json::array();
  std::size_t not_found = 0;
  std::size_t listed = 0;
  std::size_t reads = 0;
  std::vector<std::string> all_names;  // container/blob, for the name evidence (bounded)
  nlohmann::json sampling = nlohmann::json::array();
  std::uint64_t blobs = 0;
  std::uint64_t bytes = 0;
  std::optional<Error> malformed;
  for (const Turn& turn : t) {
    if (turn.reply.empty()) continue;
    auto r = azure::parse_reply(turn.reply);
    if (!r) {
      if (turn.reply.starts_with("HTTP/") && !malformed) malformed = r.error();
      continue;
    }
    const TurnInfo info = classify(turn.exchange.label, prefix);
    if (identified(*r)) {
      obs.identified = true;
      if (obs.version.empty() && r->server.starts_with("Azurite-Blob/")) {
        obs.product = "azurite";
        obs.version = printable(r->server.substr(13), 32);
      } else if (obs.product.empty() && r->server.starts_with("Windows-Azure-Blob")) {
        obs.product = "azure-blob";
      }
    }
    if (r->kind == azure::ReplyKind::container_list && azure::is_azure(*r)) {
      nlohmann::json names = nlohmann::json::array();
      for (const auto& c : r->containers) {
        if (names.size() >= kMaxMetadataBlobs) break;
        names.push_back(printable(c, 64));
      }
      obs.metadata["service_containers"] = names;
    } else if (r->kind == azure::ReplyKind::error && azure::is_azure(*r)) {
      if (azure::is_denial(r->error_code)) {
        obs.auth_demanded = true;
        if (denied.empty()) obs.proof = turn.exchange.label;
        if (denied.size() < kMaxMetadataBlobs) {
          denied.push_back({{"request", turn.exchange.label}, {"code", r->error_code}});
        }
      } else {
        ++not_found;
      }
    } else if (info.kind == TurnKind::list && proves_read(*r, info.container)) {
      nlohmann::json names = nlohmann::json::array();
      for (const auto& b : r->blobs) {
        blobs += 1;
        bytes += b.size;
        if (all_names.size() < kMaxSamplerCandidates)
          all_names.push_back(info.container + "/" + b.name);
        if (listed >= kMaxMetadataBlobs) continue;
        ++listed;
        names.push_back({{"name", printable(b.name, 256)}, {"size", b.size}});
      }
      containers.push_back({{"name", printable(info.container, 64)},
                            {"blobs_listed", r->blobs.size()},
                            {"more", r->more},
                            {"blobs", names}});
      if (r->more) {
        sampling.push_back(printable(info.container, 64) + ": more than " +
                           std::to_string(r->blobs.size()) +
                           " blobs (NextMarker); only the first page was listed");
      }
      if (!obs.data_read) obs.proof = turn.exchange.label;
      obs.data_read = true;
    } else if (info.kind == TurnKind::blob && (r->status == 200 || r->status == 206) &&
               r->kind == azure::ReplyKind::other && !r->body.empty()) {
      Sample s;
      s.source = "blob " + printable(info.container + "/" + info.blob, 256);
      s.content_type = object_store::sample_type(info.blob, r->content_type);
      s.data = r->body.substr(0, object_store::kMaxObjectReadBytes);
      obs.samples.push_back(std::move(s));
      ++reads;
    }
  }
  if (!obs.identified) {
    obs.note = "no Azure Storage reply (no x-ms-request-id, no Azure listing or error)";
    if (malformed) return tl::unexpected(*malformed);
    return obs;
  }
  if (malformed && !obs.data_read) return tl::unexpected(*malformed);
  if (obs.product.empty()) obs.product = "azure-blob";
  if (obs.data_read) obs.auth_demanded = false;
  obs.metadata["account_style"] = prefix.empty() ? "virtual-host" : "emulator-path";
  obs.metadata["public_containers"] = containers;
  obs.metadata["denied"] = denied;
  obs.metadata["not_found"] = not_found;
  if (obs.data_read) {
    sampling.push_back(coverage_note(reads, static_cast<std::size_t>(blobs), "blobs") +
                       " (prefix of each read, at most " +
                       std::to_string(object_store::kMaxObjectReadBytes) + " bytes)");
    obs.metadata["sampling"] = std::move(sampling);
    auto names = sensitive_names(all_names);
    if (!names.empty()) obs.metadata["sensitive_names"] = std::move(names);
    obs.record_count = blobs;
    obs.data_bytes = bytes;
    obs.note = "anonymous List Blobs listed " + std::to_string(blobs) + " blobs";
  } else if (obs.auth_demanded) {
    obs.note = "Azure Storage refused anonymous listing";
  } else {
    obs.note = "Azure Storage; no container tried allows public listing";
  }
  return obs;
}

Verdict AzureBlobProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
