#include "probes/s3/s3_probe.h"

namespace lw::probes {

std::unique_ptr<Probe> make_s3_probe() {
  return std::make_unique<S3Probe>(S3Flavor::s3);
}

}  // namespace lw::probes
