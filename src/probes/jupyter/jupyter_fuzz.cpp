// Fuzzes the Jupyter probe: the input is split on 0xFF bytes into the replies to GET /api,
// GET /api/contents and one file read; the listing parser gets the whole input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/jupyter/jupyter_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::JupyterProbe p;
  lw::probes::fuzzing::exercise(
      p, input, {"GET /api", "GET /api/contents", "GET /api/contents/credentials.txt?content=1"});
  (void)lw::probes::jupyter::parse_listing(input);
  return 0;
}
