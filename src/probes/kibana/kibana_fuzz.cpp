// Fuzzes the Kibana probe: the input is split on 0xFF bytes into the replies to /api/status and
// the saved-objects find.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/kibana/kibana_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::KibanaProbe p;
  using namespace lw::probes::kibana;
  lw::probes::fuzzing::exercise(p, input, {kStatusLabel, kFindLabel});
  return 0;
}
