#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/common/fuzz_transcript.h"
#include "probes/rsync/rsync_probe.h"
#include "probes/rsync/rsync_protocol.h"

// Copies the input into an exactly-sized heap buffer so an over-read trips AddressSanitizer.
// The same bytes go through every rsync parser: greeting, module list, module answer, the
// multiplexed stream and the file list (raw and demultiplexed).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace rs = lw::probes::rsync;
  const std::string copy(reinterpret_cast<const char*>(data), size);
  (void)rs::parse_greeting(copy);
  (void)rs::parse_module_list(copy);
  (void)rs::parse_module_answer(copy);
  (void)rs::parse_file_list(copy);
  if (auto d = rs::demux(copy)) (void)rs::parse_file_list(d->data);
  // A module's whole dialogue (its file list folded into the tree view), split on 0xFF bytes.
  const lw::probes::RsyncModuleProbe probe("backups");
  lw::probes::fuzzing::exercise_dialogue(probe, copy);
  return 0;
}
