#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/probe.h"
#include "probes/common/s3_listing.h"

namespace lw::probes {

// The S3-shaped object-store dialogue that the s3 probe (AWS S3, MinIO, Ceph RGW, s3rver...) and
// the gcs probe (Google Cloud Storage's XML API) share: anonymous ListBuckets, anonymous
// ListObjectsV2 on the service's own bucket names and a short list of common names (path style;
// virtual-host style when the target was named "<bucket>.s3...." or
// "<bucket>.storage.googleapis.com"), paged by continuation token, and bounded reads of the
// objects the shared sampler plans. See src/probes/s3/README.md.
enum class S3Flavor {
  s3,   // id "s3": any S3-compatible store that is not Google's
  gcs,  // id "gcs": Google Cloud Storage's XML API (S3-shaped replies, x-goog-* headers)
};

// What each exchange of the dialogue is (Exchange::step); the subject is the bucket for a
// listing and "<bucket>/<key>" (the raw key) for an object read.
enum class S3Step : std::uint32_t { service = 1, list = 2, object = 3 };

class S3Probe final : public Probe {
 public:
  explicit S3Probe(S3Flavor flavor = S3Flavor::s3) : flavor_(flavor) {}
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;

 private:
  S3Flavor flavor_;
};

namespace s3 {

// The bucket a virtual-host-style name addresses ("logs.s3.eu-west-1.amazonaws.com" -> "logs";
// for GCS "logs.storage.googleapis.com" -> "logs").
std::optional<std::string> vhost_bucket(std::string_view host_name, S3Flavor flavor = S3Flavor::s3);

// Caps of the dialogue (README.md): pages of kPageKeys names, at most kMaxPagesPerBucket per
// bucket and kMaxListedTotal names per service.
constexpr std::size_t kPageKeys = 1000;
constexpr std::size_t kMaxPagesPerBucket = 5;
constexpr std::size_t kMaxListedTotal = 10'000;

// A reply from this flavor's service: GCS replies carry Google's headers, S3 ones must not
// (Google's S3-shaped replies belong to the gcs probe).
bool flavor_matches(const S3Reply& r, S3Flavor flavor) noexcept;
// An S3 listing, or an S3 error document with S3's markers.
bool identified(const S3Reply& r, S3Flavor flavor) noexcept;
// A bucket listing that proves an anonymous read: S3's namespace, the bucket asked for named
// in <Name>, and at least one object with a key and a size.
bool proves_read(const S3Reply& r, std::string_view bucket, S3Flavor flavor) noexcept;

}  // namespace s3

}  // namespace lw::probes
