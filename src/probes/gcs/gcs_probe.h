#pragma once

#include <memory>

#include "core/probe.h"

namespace lw::probes {

// Google Cloud Storage through its XML API: the S3 probe's dialogue (src/probes/s3) in its gcs
// flavor. GCS answers in S3's XML shapes; what tells it apart is Google's headers (x-goog-*,
// X-GUploader-UploadID, Server: UploadServer), which the s3 flavor refuses and this one
// requires. Virtual-host style for "<bucket>.storage.googleapis.com". See README.md.
std::unique_ptr<Probe> make_gcs_probe();

}  // namespace lw::probes
