#pragma once

#include <memory>

#include "core/probe.h"
#include "probes/common/s3_dialogue.h"

namespace lw::probes {

// S3-compatible object storage (AWS S3, MinIO, Ceph RGW, s3rver...): the shared S3-shaped
// dialogue of src/probes/common/s3_dialogue.h in its s3 flavor. See README.md.
std::unique_ptr<Probe> make_s3_probe();

}  // namespace lw::probes
