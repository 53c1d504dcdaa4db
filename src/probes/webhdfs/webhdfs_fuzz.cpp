// Fuzzes the WebHDFS probe: the input is split on 0xFF bytes into the replies to the exchanges
// the probe's own dialogue asks for (GETFILESTATUS, LISTSTATUS of the walk, OPEN); the list
// parser, the Location parser and the DataNode follow-up get the whole input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/webhdfs/webhdfs_datanode.h"
#include "probes/webhdfs/webhdfs_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::WebhdfsProbe p;
  lw::probes::fuzzing::exercise_dialogue(p, input);
  (void)lw::probes::webhdfs::parse_list(input);
  // An exactly-sized heap copy, so an over-read trips AddressSanitizer.
  const std::string copy(input);
  if (const auto r = lw::probes::webhdfs::parse_location(copy)) {
    (void)lw::probes::webhdfs::same_host(r->host, "127.0.2.82");
  }
  (void)lw::probes::webhdfs::same_host(copy, "127.0.2.82");
  const lw::probes::WebhdfsDatanodeProbe datanode(9864, {"/data/f.csv", "localhost:8020"});
  lw::probes::fuzzing::exercise_dialogue(datanode, copy);
  return 0;
}
