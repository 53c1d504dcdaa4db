// Fuzzes the Chroma probe: the input is split on 0xFF bytes into the replies to heartbeat,
// version, collections and one get.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/chroma/chroma_probe.h"
#include "probes/common/fuzz_transcript.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::ChromaProbe p;
  using namespace lw::probes::chroma;
  lw::probes::fuzzing::exercise(p, input,
                                {kHeartbeatLabel, kVersionLabel, kCollectionsLabel,
                                 "POST /api/v1/collections/support_emails/get"});
  return 0;
}
