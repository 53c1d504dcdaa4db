#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/pop3/pop3_response.h"

// Copies the input into an exactly-sized heap buffer so an over-read trips AddressSanitizer.
// Every reply shape: single-line, multi-line (CAPA, LIST, TOP) and the greeting.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string copy(reinterpret_cast<const char*>(data), size);
  for (const char* request : {"", "CAPA\r\n", "LIST\r\n", "TOP 1 50\r\n", "STAT\r\n"}) {
    (void)lw::probes::pop3::frame(request, copy);
    (void)lw::probes::pop3::parse(request, copy);
  }
  return 0;
}
