#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/common/s3_listing.h"

// Copies the input into an exactly-sized heap buffer so an over-read trips AddressSanitizer.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string copy(reinterpret_cast<const char*>(data), size);
  (void)lw::probes::s3::parse_reply(copy);
  return 0;
}
