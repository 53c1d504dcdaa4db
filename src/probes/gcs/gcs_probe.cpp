#include "probes/gcs/gcs_probe.h"

#include "probes/s3/s3_probe.h"

namespace lw::probes {

std::unique_ptr<Probe> make_gcs_probe() {
  return std::make_unique<S3Probe>(S3Flavor::gcs);
}

}  // namespace lw::probes
