#include "probes/s3/s3_probe.h"

#include <algorithm>
#include <array>

#include "core/ascii.h"
#include "core/bytes.h"
#include "probes/common/http.h"
#include "probes/common/object_store.h"
#include "probes/common/sampler.h"
#include "probes/s3/s3_listing.h"

namespace lw::probes {
namespace {

constexpr std::uint32_t kListCap = 512 * 1024;
constexpr std::size_t kMaxExchanges = object_store::kMaxDialogueExchanges;
constexpr std::size_t kMaxOpenBuckets = 8;  // stop trying names after this many open buckets
constexpr std::size_t kPageKeys = 1000;     // max-keys of every ListObjectsV2 page
constexpr std::size_t kMaxPagesPerBucket = 5;
constexpr std::size_t kMaxListedTotal = 10'000;  // object names listed per service
constexpr std::size_t kMaxMetadataKeys = 100;
constexpr std::array<std::uint16_t, 3> kPorts = {9000, 4568, 8333};
constexpr std::array<std::uint16_t, 1> kTlsPorts = {443};
constexpr std::array<std::uint16_t, 1> kGcsPorts = {4443};  // fake-gcs-server, the lab replay

const ProbeInfo kInfo{
    .id = "s3",
    .default_ports = kPorts,
    .tls_ports = kTlsPorts,
    .kind = ServiceKind::object_store,
    .max_reply_bytes = kListCap,
    .server_speaks_first = false,
};
const ProbeInfo kGcsInfo{
    .id = "gcs",
    .default_ports = kGcsPorts,
    .tls_ports = kTlsPorts,
    .kind = ServiceKind::object_store,
    .max_reply_bytes = kListCap,
    .server_speaks_first = false,
};

// What one turn was, recovered from the label this probe gave it.
enum class TurnKind { service, list, object };
struct TurnInfo {
  TurnKind kind = TurnKind::service;
  std::string bucket;  // list, object
  std::string key;     // object (as encoded in the path)
};

TurnInfo classify(std::string_view label, const std::optional<std::string>& vhost) {
  TurnInfo info;
  std::string_view path = label.starts_with("GET ") ? label.substr(4) : label;
  const auto q = path.find('?');
  const std::string_view query = q == std::string_view::npos ? "" : path.substr(q + 1);
  path = path.substr(0, q);
  if (query.find("list-type=2") != std::string_view::npos) {
    info.kind = TurnKind::list;
    info.bucket = vhost ? *vhost : std::string(path.substr(path.empty() ? 0 : 1));
    return info;
  }
  if (path == "/" || path.empty()) return info;
  info.kind = TurnKind::object;
  const std::string_view rest = path.substr(1);
  if (vhost) {
    info.bucket = *vhost;
    info.key = std::string(rest);
  } else {
    const auto slash = rest.find('/');
    info.bucket = std::string(rest.substr(0, slash));
    info.key = slash == std::string_view::npos ? "" : std::string(rest.substr(slash + 1));
  }
  return info;
}

// A reply from this flavor's service: GCS replies carry Google's headers, S3 ones must not
// (Google's S3-shaped replies belong to the gcs probe).
bool flavor_matches(const s3::S3Reply& r, S3Flavor flavor) {
  return flavor == S3Flavor::gcs ? r.goog : !r.goog;
}

bool s3_identified(const s3::S3Reply& r, S3Flavor flavor) {
  if (!flavor_matches(r, flavor)) return false;
  if ((r.kind == s3::ReplyKind::bucket_list || r.kind == s3::ReplyKind::object_list) &&
      r.s3_namespace) {
    return true;
  }
  return r.kind == s3::ReplyKind::error && !r.error_code.empty() &&
         (r.amz_request_id || r.goog || s3::is_denial(r.error_code) ||
          r.error_code == "NoSuchBucket" || r.error_code == "InvalidBucketName" ||
          r.error_code == "PermanentRedirect");
}

// A bucket listing that proves an anonymous read: S3's namespace, the bucket asked for named
// in <Name>, and at least one object with a key and a size.
bool proves_read(const s3::S3Reply& r, std::string_view bucket, S3Flavor flavor) {
  return flavor_matches(r, flavor) && r.kind == s3::ReplyKind::object_list && r.s3_namespace &&
         r.bucket_name == bucket && !r.objects.empty();
}

// One open bucket's listing so far (its pages in order).
struct BucketPages {
  std::string bucket;
  std::size_t pages = 0;
  std::size_t objects = 0;
  std::string next_token;  // the last page was truncated and named its continuation
  bool truncated = false;  // the last page said more objects follow
};

struct Analysis {
  bool first_identified = false;
  bool dead = false;  // the connection is gone: nothing more can be asked
  std::vector<std::string> service_buckets;
  std::vector<std::string> tried;  // buckets listed or attempted
  std::vector<std::string> read_keys;
  std::vector<std::pair<std::string, s3::S3Object>> readable;  // bucket, object
  std::vector<BucketPages> listings;
  std::size_t open_buckets = 0;
  std::size_t listed = 0;  // object names listed, all buckets
};

BucketPages& listing_of(std::vector<BucketPages>& l, const std::string& bucket) {
  for (auto& b : l) {
    if (b.bucket == bucket) return b;
  }
  BucketPages b;
  b.bucket = bucket;
  l.push_back(std::move(b));
  return l.back();
}

// The object reads the sampler plans among the text-like objects listed (indexes into
// a.readable).
std::vector<std::size_t> read_plan(const Analysis& a, std::size_t budget) {
  std::vector<object_store::ObjectRef> refs;
  refs.reserve(a.readable.size());
  for (const auto& [bucket, object] : a.readable) refs.push_back({bucket, object.key});
  return object_store::plan_reads(refs, budget);
}

Analysis analyze(const Transcript& t, const std::optional<std::string>& vhost, S3Flavor flavor) {
  Analysis a;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Turn& turn = t[i];
    const TurnInfo info = classify(turn.exchange.label, vhost);
    if (info.kind == TurnKind::list) a.tried.push_back(info.bucket);
    if (info.kind == TurnKind::object) a.read_keys.push_back(info.bucket + "/" + info.key);
    if (turn.reply.empty() && turn.end != ReplyEnd::complete) {
      a.dead = true;
      continue;
    }
    auto r = s3::parse_reply(turn.reply);
    if (!r) {
      if (i == 0) a.dead = true;
      continue;
    }
    if (i == 0) a.first_identified = s3_identified(*r, flavor);
    if (r->kind == s3::ReplyKind::bucket_list && r->s3_namespace && flavor_matches(*r, flavor))
      a.service_buckets = r->buckets;
    if (info.kind == TurnKind::list && proves_read(*r, info.bucket, flavor)) {
      BucketPages& b = listing_of(a.listings, info.bucket);
      if (b.pages == 0) ++a.open_buckets;
      ++b.pages;
      b.objects += r->objects.size();
      b.truncated = r->is_truncated;
      b.next_token = r->is_truncated ? r->next_token : std::string();
      for (const auto& o : r->objects) {
        if (a.listed >= kMaxListedTotal) break;
        ++a.listed;
        if (o.size > 0 && object_store::is_text_like(o.key))
          a.readable.emplace_back(info.bucket, o);
      }
    }
    if (turn.end == ReplyEnd::closed || turn.end == ReplyEnd::reset) a.dead = true;
  }
  return a;
}

Exchange make_get(std::string path, std::string host, std::uint32_t cap,
                  std::string_view extra = {}) {
  Exchange e;
  e.label = "GET " + path;
  e.request = http::get_request(path, host, true, extra);
  e.max_reply_bytes = cap;
  return e;
}

}  // namespace

namespace s3 {
std::optional<std::string> vhost_bucket(std::string_view host_name, S3Flavor flavor) {
  const std::string h = ascii_lower(host_name);
  if (flavor == S3Flavor::gcs) {
    constexpr std::string_view kSuffix = ".storage.googleapis.com";
    if (!h.ends_with(kSuffix)) return std::nullopt;
    std::string bucket = h.substr(0, h.size() - kSuffix.size());
    if (object_store::valid_bucket_name(bucket)) return bucket;
    return std::nullopt;
  }
  for (const std::string_view marker : {".s3.", ".s3-"}) {
    const auto at = h.find(marker);
    if (at == std::string::npos) continue;
    std::string bucket = h.substr(0, at);
    if (object_store::valid_bucket_name(bucket)) return bucket;
  }
  return std::nullopt;
}
}  // namespace s3

const ProbeInfo& S3Probe::info() const noexcept {
  return flavor_ == S3Flavor::gcs ? kGcsInfo : kInfo;
}

std::optional<Exchange> S3Probe::next(const ProbeOptions& options, const Transcript& t) const {
  if (t.size() >= kMaxExchanges) return std::nullopt;
  const auto vhost = s3::vhost_bucket(options.host_name, flavor_);
  const std::string host = object_store::host_header(options);
  const std::string list_query = "?list-type=2&max-keys=" + std::to_string(kPageKeys);
  if (t.empty()) {
    return make_get(vhost ? "/" + list_query : "/", host, kListCap);
  }
  const Analysis a = analyze(t, vhost, flavor_);
  if (a.dead || !a.first_identified) return std::nullopt;
  // The next page of a bucket whose listing said more objects follow (bounded per bucket and
  // per service).
  for (const auto& b : a.listings) {
    if (b.next_token.empty() || b.pages >= kMaxPagesPerBucket || a.listed >= kMaxListedTotal) {
      continue;
    }
    const std::string path = vhost ? "/" : "/" + object_store::encode_path(b.bucket);
    return make_get(
        path + list_query + "&continuation-token=" + object_store::encode_query(b.next_token), host,
        kListCap);
  }
  if (!vhost && a.open_buckets < kMaxOpenBuckets) {
    for (const auto& name :
         object_store::candidate_names(a.service_buckets, options.bucket_names)) {
      if (std::find(a.tried.begin(), a.tried.end(), name) != a.tried.end()) continue;
      return make_get("/" + object_store::encode_path(name) + list_query, host, kListCap);
    }
  }
  // The reads get the exchanges the listing left (fixed once the listing is done, so the plan
  // is the same on every turn).
  const std::size_t listing_turns = t.size() - a.read_keys.size();
  const std::size_t max_reads = std::min(object_store::read_budget(options),
                                         kMaxExchanges - std::min(kMaxExchanges, listing_turns));
  if (a.read_keys.size() >= max_reads) return std::nullopt;
  for (const std::size_t i : read_plan(a, max_reads)) {
    const auto& [bucket, object] = a.readable[i];
    const std::string key = object_store::encode_path(object.key);
    if (std::find(a.read_keys.begin(), a.read_keys.end(), bucket + "/" + key) !=
        a.read_keys.end()) {
      continue;
    }
    const std::string path = vhost ? "/" + key : "/" + bucket + "/" + key;
    const std::string range =
        "Range: bytes=0-" + std::to_string(object_store::kMaxObjectReadBytes - 1) + "\r\n";
    return make_get(path, host, object_store::kMaxObjectReadBytes + 4096, range);
  }
  return std::nullopt;
}

Framing S3Probe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_response(reply);
}

Result<Observation> S3Probe::parse(const Transcript& t) const {
  Observation obs;
  const std::string product = flavor_ == S3Flavor::gcs ? "gcs" : "s3";
  obs.product = product;
  std::optional<std::string> vhost;
  if (!t.empty() && t[0].exchange.label.find("list-type=2") != std::string::npos) {
    // Virtual-host style: the bucket is the one the listing names.
    if (auto r = s3::parse_reply(t[0].reply); r && r->kind == s3::ReplyKind::object_list) {
      vhost = r->bucket_name;
    }
  }
  nlohmann::json buckets = nlohmann::json::array();
  nlohmann::json denied = nlohmann::json::array();
  std::size_t not_found = 0;
  std::size_t listed_keys = 0;
  std::size_t reads = 0;
  std::vector<std::string> all_names;  // bucket/key, for the name evidence (bounded)
  std::uint64_t objects = 0;
  std::uint64_t bytes = 0;
  std::optional<Error> malformed;
  for (const Turn& turn : t) {
    if (turn.reply.empty()) continue;
    auto r = s3::parse_reply(turn.reply);
    if (!r) {
      if (turn.reply.starts_with("HTTP/") && !malformed) malformed = r.error();
      continue;
    }
    const TurnInfo info = classify(turn.exchange.label, vhost);
    if (s3_identified(*r, flavor_)) obs.identified = true;
    if (!r->server.empty() && !obs.metadata.contains("server")) {
      obs.metadata["server"] = printable(r->server, 64);
    }
    if (r->kind == s3::ReplyKind::bucket_list && r->s3_namespace && flavor_matches(*r, flavor_)) {
      nlohmann::json names = nlohmann::json::array();
      for (const auto& b : r->buckets) {
        if (names.size() >= kMaxMetadataKeys) break;
        names.push_back(printable(b, 64));
      }
      obs.metadata["service_buckets"] = names;
      obs.metadata["service_bucket_count"] = r->buckets.size();
    } else if (r->kind == s3::ReplyKind::error && s3_identified(*r, flavor_)) {
      if (s3::is_denial(r->error_code)) {
        obs.auth_demanded = true;
        if (!obs.data_read && denied.empty()) obs.proof = turn.exchange.label;
        if (denied.size() < kMaxMetadataKeys) denied.push_back(turn.exchange.label);
      } else if (r->error_code == "NoSuchBucket") {
        ++not_found;
      }
    } else if (info.kind == TurnKind::list && proves_read(*r, info.bucket, flavor_)) {
      const std::string name = printable(info.bucket, 64);
      auto entry = std::find_if(buckets.begin(), buckets.end(),
                                [&](const nlohmann::json& b) { return b["name"] == name; });
      if (entry == buckets.end()) {
        buckets.push_back({{"name", name},
                           {"objects_listed", 0},
                           {"pages", 0},
                           {"keys", nlohmann::json::array()}});
        entry = buckets.end() - 1;
      }
      nlohmann::json& keys = (*entry)["keys"];
      for (const auto& o : r->objects) {
        objects += 1;
        bytes += o.size;
        if (all_names.size() < kMaxListedTotal) all_names.push_back(info.bucket + "/" + o.key);
        if (listed_keys >= kMaxMetadataKeys) continue;
        ++listed_keys;
        keys.push_back({{"key", printable(o.key, 256)}, {"size", o.size}});
      }
      (*entry)["objects_listed"] =
          (*entry)["objects_listed"].get<std::size_t>() + r->objects.size();
      (*entry)["pages"] = (*entry)["pages"].get<std::size_t>() + 1;
      (*entry)["truncated"] = r->is_truncated;
      if (!obs.data_read) obs.proof = turn.exchange.label;
      obs.data_read = true;
      obs.auth_demanded = false;
    } else if (info.kind == TurnKind::object && (r->status == 200 || r->status == 206) &&
               r->kind == s3::ReplyKind::other && !r->body.empty()) {
      Sample s;
      s.source = "object " + printable(info.bucket + "/" + info.key, 256);
      s.content_type = object_store::sample_type(info.key, r->content_type);
      s.data = r->body.substr(0, object_store::kMaxObjectReadBytes);
      obs.samples.push_back(std::move(s));
      ++reads;
    }
  }
  if (obs.data_read) obs.auth_demanded = false;
  if (!obs.identified) {
    obs.product.clear();
    obs.note = flavor_ == S3Flavor::gcs ? "no Google Cloud Storage reply (no x-goog headers)"
                                        : "no S3 reply (no S3 listing or error document)";
    if (malformed) return tl::unexpected(*malformed);
    return obs;
  }
  if (malformed && !obs.data_read) return tl::unexpected(*malformed);
  obs.metadata["style"] = vhost ? "virtual-host" : "path";
  obs.metadata["open_buckets"] = buckets;
  obs.metadata["denied"] = denied;
  obs.metadata["buckets_not_found"] = not_found;
  if (obs.data_read) {
    nlohmann::json sampling = nlohmann::json::array();
    for (const auto& b : buckets) {
      if (b.value("truncated", false)) {
        sampling.push_back(
            b["name"].get<std::string>() + ": listing stopped after " +
            std::to_string(b["objects_listed"].get<std::size_t>()) +
            " objects (more not listed; caps: " + std::to_string(kMaxPagesPerBucket) +
            " pages of " + std::to_string(kPageKeys) + " keys per bucket, " +
            std::to_string(kMaxListedTotal) + " per service)");
      }
    }
    sampling.push_back(coverage_note(reads, static_cast<std::size_t>(objects), "objects") +
                       " (prefix of each read, at most " +
                       std::to_string(object_store::kMaxObjectReadBytes) + " bytes)");
    obs.metadata["sampling"] = std::move(sampling);
    auto names = sensitive_names(all_names);
    if (!names.empty()) obs.metadata["sensitive_names"] = std::move(names);
    obs.record_count = objects;
    obs.data_bytes = bytes;
    obs.note = "anonymous ListObjectsV2 listed " + std::to_string(objects) + " objects";
  } else if (obs.auth_demanded) {
    obs.note = "anonymous listing refused (AccessDenied)";
  } else {
    obs.note = "S3-compatible service; no bucket tried was listable";
  }
  return obs;
}

Verdict S3Probe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
