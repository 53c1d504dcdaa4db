// Fuzzes the WebHDFS probe: the input is split on 0xFF bytes into the replies to the exchanges
// the probe's own dialogue asks for (GETFILESTATUS, LISTSTATUS of the walk, OPEN); the list
// parser gets the whole input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/webhdfs/webhdfs_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::WebhdfsProbe p;
  lw::probes::fuzzing::exercise_dialogue(p, input);
  (void)lw::probes::webhdfs::parse_list(input);
  return 0;
}
