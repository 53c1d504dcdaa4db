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

using azure::AzureStep;

AzureStep step_of(const Turn& turn) noexcept {
  return static_cast<AzureStep>(turn.exchange.step);
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

// One open container's listing so far.
struct ContainerPages {
  std::string container;
  std::size_t pages = 0;
  std::string next_marker;  // the last page said more blobs follow, from this marker
};

struct Analysis {
  bool first_identified = false;
  bool dead = false;
  std::vector<std::string> service_containers;
  std::vector<std::string> tried;
  std::vector<std::string_view> read;  // subjects of the reads sent
  std::vector<ContainerPages> listings;
  std::vector<std::pair<std::string, azure::Blob>> readable;
  std::size_t listed = 0;  // blob names listed, all containers
};

Analysis analyze(const Transcript& t) {
  Analysis a;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Turn& turn = t[i];
    const AzureStep step = step_of(turn);
    const std::string& subject = turn.exchange.subject;
    if (step == AzureStep::list) a.tried.push_back(subject);
    if (step == AzureStep::blob) a.read.push_back(subject);
    if (turn.reply.empty() && turn.end != ReplyEnd::complete) {
      a.dead = true;
      continue;
    }
    if (step == AzureStep::blob) {  // a read changes nothing the dialogue decides on
      if (turn.end == ReplyEnd::closed || turn.end == ReplyEnd::reset) a.dead = true;
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
    if (step == AzureStep::list && proves_read(*r, subject)) {
      auto c = std::find_if(a.listings.begin(), a.listings.end(),
                            [&](const ContainerPages& p) { return p.container == subject; });
      if (c == a.listings.end()) {
        a.listings.push_back({subject, 0, {}});
        c = a.listings.end() - 1;
      }
      ++c->pages;
      c->next_marker = r->next_marker;
      for (auto& b : r->blobs) {
        if (a.listed >= azure::kMaxListedTotal) break;
        ++a.listed;
        if (b.size > 0 && object_store::is_text_like(b.name, b.content_type)) {
          a.readable.emplace_back(subject, std::move(b));
        }
      }
    }
    if (turn.end == ReplyEnd::closed || turn.end == ReplyEnd::reset) a.dead = true;
  }
  return a;
}

Exchange make_get(std::string path, const std::string& host, std::uint32_t cap, AzureStep step,
                  std::string subject, std::string_view extra = {}) {
  Exchange e;
  e.label = "GET " + path;
  e.step = static_cast<std::uint32_t>(step);
  e.subject = std::move(subject);
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
  const std::string list_query =
      "?restype=container&comp=list&maxresults=" + std::to_string(azure::kPageBlobs);
  if (t.empty()) {
    const std::string root = prefix.empty() ? "/" : prefix;
    return make_get(root + "?comp=list&maxresults=" + std::to_string(azure::kPageBlobs), host,
                    kListCap, AzureStep::service, prefix);
  }
  const Analysis a = analyze(t);
  if (a.dead || !a.first_identified) return std::nullopt;
  // The next page of a container whose listing named a NextMarker (bounded per container and
  // per service).
  for (const auto& c : a.listings) {
    if (c.next_marker.empty() || c.pages >= azure::kMaxPagesPerContainer ||
        a.listed >= azure::kMaxListedTotal) {
      continue;
    }
    return make_get(prefix + "/" + object_store::encode_path(c.container) + list_query +
                        "&marker=" + object_store::encode_query(c.next_marker),
                    host, kListCap, AzureStep::list, c.container);
  }
  if (a.listings.size() < kMaxOpenContainers && a.listed < azure::kMaxListedTotal) {
    for (const auto& name :
         object_store::candidate_names(a.service_containers, options.bucket_names)) {
      if (std::find(a.tried.begin(), a.tried.end(), name) != a.tried.end()) continue;
      return make_get(prefix + "/" + object_store::encode_path(name) + list_query, host, kListCap,
                      AzureStep::list, name);
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
    std::string subject = container + "/" + blob.name;
    if (std::find(a.read.begin(), a.read.end(), subject) != a.read.end()) continue;
    const std::string range =
        "Range: bytes=0-" + std::to_string(object_store::kMaxObjectReadBytes - 1) + "\r\n";
    return make_get(prefix + "/" + object_store::encode_path(container) + "/" +
                        object_store::encode_path(blob.name),
                    host, object_store::kMaxObjectReadBytes + 4096, AzureStep::blob,
                    std::move(subject), range);
  }
  return std::nullopt;
}

Framing AzureBlobProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_response(reply);
}

Result<Observation> AzureBlobProbe::parse(const Transcript& t) const {
  Observation obs;
  // The service listing's subject is the account's path prefix ("" when the host names it).
  const bool emulator_path =
      !t.empty() && step_of(t[0]) == AzureStep::service && !t[0].exchange.subject.empty();
  nlohmann::json containers = nlohmann::json::array();
  nlohmann::json denied = nlohmann::json::array();
  std::size_t not_found = 0;
  std::size_t listed = 0;
  std::size_t reads = 0;
  std::vector<std::string> all_names;  // container/blob, for the name evidence (bounded)
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
    const AzureStep step = step_of(turn);
    const std::string& subject = turn.exchange.subject;
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
    } else if (step == AzureStep::list && proves_read(*r, subject)) {
      nlohmann::json& entry =
          object_store::listing_entry(containers, printable(subject, 64), "blobs_listed", "blobs");
      nlohmann::json& names = entry["blobs"];
      for (const auto& b : r->blobs) {
        blobs += 1;
        bytes += b.size;
        if (all_names.size() < azure::kMaxListedTotal) all_names.push_back(subject + "/" + b.name);
        if (listed >= kMaxMetadataBlobs) continue;
        ++listed;
        names.push_back({{"name", printable(b.name, 256)}, {"size", b.size}});
      }
      entry["blobs_listed"] = entry["blobs_listed"].get<std::size_t>() + r->blobs.size();
      entry["pages"] = entry["pages"].get<std::size_t>() + 1;
      entry["more"] = r->more;
      entry["marker_over_cap"] = r->more && r->next_marker.empty();
      if (!obs.data_read) obs.proof = turn.exchange.label;
      obs.data_read = true;
    } else if (step == AzureStep::blob && (r->status == 200 || r->status == 206) &&
               r->kind == azure::ReplyKind::other && !r->body.empty()) {
      Sample s;
      s.source = "blob " + printable(subject, 256);
      s.content_type =
          object_store::sample_type(object_store::split_subject(subject).second, r->content_type);
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
  obs.metadata["account_style"] = emulator_path ? "emulator-path" : "virtual-host";
  obs.metadata["public_containers"] = containers;
  obs.metadata["denied"] = denied;
  obs.metadata["not_found"] = not_found;
  if (obs.data_read) {
    nlohmann::json sampling = nlohmann::json::array();
    for (const auto& c : containers) {
      if (!c.value("more", false)) continue;
      std::string line = c["name"].get<std::string>() + ": listing stopped after " +
                         std::to_string(c["blobs_listed"].get<std::size_t>()) +
                         " blobs (more not listed; ";
      line += c.value("marker_over_cap", false)
                  ? "its NextMarker was over " + std::to_string(azure::kMaxMarkerBytes) +
                        " bytes, never sent back)"
                  : "caps: " + std::to_string(azure::kMaxPagesPerContainer) + " pages of " +
                        std::to_string(azure::kPageBlobs) + " blobs per container, " +
                        std::to_string(azure::kMaxListedTotal) + " per service)";
      sampling.push_back(std::move(line));
    }
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
