#include "probes/gcs/gcs_probe.h"

#include "probes/common/s3_dialogue.h"

namespace lw::probes {

std::unique_ptr<Probe> make_gcs_probe() {
  return std::make_unique<S3Probe>(S3Flavor::gcs);
}

}  // namespace lw::probes
