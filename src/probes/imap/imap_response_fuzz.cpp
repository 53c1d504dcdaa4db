#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/imap/imap_response.h"

// Copies the input into an exactly-sized heap buffer so an over-read trips AddressSanitizer.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string copy(reinterpret_cast<const char*>(data), size);
  (void)lw::probes::imap::parse(copy);
  (void)lw::probes::imap::frame("a5 FETCH 1:3 (BODY.PEEK[])\r\n", copy);
  (void)lw::probes::imap::frame("", copy);
  return 0;
}
