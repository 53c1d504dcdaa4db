// Fuzzes the Prometheus probe: the input is split on 0xFF bytes into the replies to buildinfo
// and targets.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/prometheus/prometheus_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::PrometheusProbe p;
  using namespace lw::probes::prometheus;
  lw::probes::fuzzing::exercise(p, input, {kBuildinfoLabel, kTargetsLabel});
  return 0;
}
