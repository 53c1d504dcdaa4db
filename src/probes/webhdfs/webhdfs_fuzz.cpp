// Fuzzes the WebHDFS probe: the input is split on 0xFF bytes into the replies to GETFILESTATUS,
// LISTSTATUS of / and of one sub-directory; the list parser gets the whole input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/webhdfs/webhdfs_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::WebhdfsProbe p;
  using namespace lw::probes::webhdfs;
  lw::probes::fuzzing::exercise(
      p, input, {kRootStatusLabel, kRootListLabel, "GET /webhdfs/v1/user?op=LISTSTATUS"});
  (void)parse_list(input);
  return 0;
}
