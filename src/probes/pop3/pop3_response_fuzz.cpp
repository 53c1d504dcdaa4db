#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/common/mail_select.h"
#include "probes/pop3/pop3_response.h"

// Copies the input into an exactly-sized heap buffer so an over-read trips AddressSanitizer.
// Every reply shape: single-line, multi-line (CAPA, LIST, TOP), the greeting, pipelined TOP
// replies, and the input as a message header block (what TOP n 0 returns).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string copy(reinterpret_cast<const char*>(data), size);
  for (const char* request : {"", "CAPA\r\n", "LIST\r\n", "TOP 1 50\r\n", "STAT\r\n"}) {
    (void)lw::probes::pop3::frame(request, copy);
    (void)lw::probes::pop3::parse(request, copy);
  }
  constexpr const char* kPipelined = "TOP 1 0\r\nTOP 2 0\r\nTOP 3 0\r\n";
  (void)lw::probes::pop3::frame_pipelined(kPipelined, copy);
  (void)lw::probes::pop3::parse_pipelined(kPipelined, copy);
  (void)lw::probes::parse_header_block(copy);
  return 0;
}
