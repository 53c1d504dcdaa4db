// Fuzzes the Docker probe: the input is split on 0xFF bytes into the replies to /version and
// /containers/json.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/docker/docker_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::DockerProbe p;
  using namespace lw::probes::docker;
  lw::probes::fuzzing::exercise(p, input, {kVersionLabel, kContainersLabel});
  return 0;
}
