#include "probes/common/s3_dialogue.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/bytes.h"
#include "probes/common/object_store.h"
#include "probes/common/sampler.h"

// S3Probe::parse: the observation of an S3-shaped dialogue (s3_dialogue.cpp has the dialogue).
namespace lw::probes {
namespace {

constexpr std::size_t kMaxMetadataKeys = 100;

}  // namespace

Result<Observation> S3Probe::parse(const Transcript& t) const {
  Observation obs;
  const std::string product = flavor_ == S3Flavor::gcs ? "gcs" : "s3";
  obs.product = product;
  // Virtual-host style: the first exchange was the listing of the host's own bucket.
  const bool vhost = !t.empty() && t[0].exchange.step == static_cast<std::uint32_t>(S3Step::list);
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
    const auto step = static_cast<S3Step>(turn.exchange.step);
    const std::string& subject = turn.exchange.subject;
    if (s3::identified(*r, flavor_)) obs.identified = true;
    if (!r->server.empty() && !obs.metadata.contains("server")) {
      obs.metadata["server"] = printable(r->server, 64);
    }
    if (r->kind == s3::ReplyKind::bucket_list && r->s3_namespace &&
        s3::flavor_matches(*r, flavor_)) {
      nlohmann::json names = nlohmann::json::array();
      for (const auto& b : r->buckets) {
        if (names.size() >= kMaxMetadataKeys) break;
        names.push_back(printable(b, 64));
      }
      obs.metadata["service_buckets"] = names;
      obs.metadata["service_bucket_count"] = r->buckets.size();
    } else if (r->kind == s3::ReplyKind::error && s3::identified(*r, flavor_)) {
      if (s3::is_denial(r->error_code)) {
        obs.auth_demanded = true;
        if (!obs.data_read && denied.empty()) obs.proof = turn.exchange.label;
        if (denied.size() < kMaxMetadataKeys) denied.push_back(turn.exchange.label);
      } else if (r->error_code == "NoSuchBucket") {
        ++not_found;
      }
    } else if (step == S3Step::list && s3::proves_read(*r, subject, flavor_)) {
      nlohmann::json& entry =
          object_store::listing_entry(buckets, printable(subject, 64), "objects_listed", "keys");
      nlohmann::json& keys = entry["keys"];
      for (const auto& o : r->objects) {
        objects += 1;
        bytes += o.size;
        if (all_names.size() < s3::kMaxListedTotal) all_names.push_back(subject + "/" + o.key);
        if (listed_keys >= kMaxMetadataKeys) continue;
        ++listed_keys;
        keys.push_back({{"key", printable(o.key, 256)}, {"size", o.size}});
      }
      entry["objects_listed"] = entry["objects_listed"].get<std::size_t>() + r->objects.size();
      entry["pages"] = entry["pages"].get<std::size_t>() + 1;
      entry["truncated"] = r->is_truncated;
      if (!obs.data_read) obs.proof = turn.exchange.label;
      obs.data_read = true;
      obs.auth_demanded = false;
    } else if (step == S3Step::list && r->kind == s3::ReplyKind::object_list && r->s3_namespace &&
               s3::flavor_matches(*r, flavor_) && r->bucket_name == subject) {
      // An empty bucket listed anonymously: the listing was answered, nothing to read.
      if (!obs.data_read && !obs.data_command_accepted) obs.proof = turn.exchange.label;
      obs.data_command_accepted = true;
    } else if (step == S3Step::object && (r->status == 200 || r->status == 206) &&
               r->kind == s3::ReplyKind::other && !r->body.empty()) {
      Sample s;
      s.source = "object " + printable(subject, 256);
      s.content_type =
          object_store::sample_type(object_store::split_subject(subject).second, r->content_type);
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
            " objects (more not listed; caps: " + std::to_string(s3::kMaxPagesPerBucket) +
            " pages of " + std::to_string(s3::kPageKeys) + " keys per bucket, " +
            std::to_string(s3::kMaxListedTotal) + " per service)");
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

}  // namespace lw::probes
