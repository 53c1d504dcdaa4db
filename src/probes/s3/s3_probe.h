#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/probe.h"

namespace lw::probes {

// S3-compatible object storage (AWS S3, MinIO, Ceph RGW, s3rver...; and, as flavor gcs, Google
// Cloud Storage's XML API): anonymous ListBuckets,
// anonymous ListObjectsV2 on the service's own bucket names and a short list of common names
// (path style; virtual-host style when the target was named "<bucket>.s3....") and bounded reads
// of a few small text-like objects. See README.md.
enum class S3Flavor {
  s3,   // id "s3": any S3-compatible store that is not Google's
  gcs,  // id "gcs": Google Cloud Storage's XML API (S3-shaped replies, x-goog-* headers)
};

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
}  // namespace s3

}  // namespace lw::probes
