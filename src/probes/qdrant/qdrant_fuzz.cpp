// Fuzzes the Qdrant probe: the input is split on 0xFF bytes into the replies to GET /,
// GET /collections and one scroll.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/qdrant/qdrant_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::QdrantProbe p;
  lw::probes::fuzzing::exercise(
      p, input, {"GET /", "GET /collections", "POST /collections/support_tickets/points/scroll"});
  return 0;
}
