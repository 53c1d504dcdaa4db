#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/common/fuzz_transcript.h"
#include "probes/ftp/ftp_probe.h"
#include "probes/ftp/ftp_reply.h"

// Copies the input into an exactly-sized heap buffer so an over-read trips AddressSanitizer.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string copy(reinterpret_cast<const char*>(data), size);
  (void)lw::probes::ftp::frame(copy);
  (void)lw::probes::ftp::frame_transfer(copy);
  if (auto replies = lw::probes::ftp::parse(copy)) {
    for (const auto& r : *replies) {
      (void)lw::probes::ftp::parse_listing(r.lines);
      (void)lw::probes::ftp::epsv_port(r);
      (void)lw::probes::ftp::pasv_port(r);
    }
  }
  // The whole dialogue (login, the STAT walk): the input split on 0xFF bytes into its replies.
  const lw::probes::FtpProbe probe;
  lw::probes::fuzzing::exercise_dialogue(probe, copy);
  return 0;
}
