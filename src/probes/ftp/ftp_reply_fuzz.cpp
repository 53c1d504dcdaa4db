#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/ftp/ftp_reply.h"

// Copies the input into an exactly-sized heap buffer so an over-read trips AddressSanitizer.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string copy(reinterpret_cast<const char*>(data), size);
  (void)lw::probes::ftp::frame(copy);
  if (auto replies = lw::probes::ftp::parse(copy)) {
    for (const auto& r : *replies) (void)lw::probes::ftp::parse_listing(r.lines);
  }
  return 0;
}
