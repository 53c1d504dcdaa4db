#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/imap/imap_fetch.h"
#include "probes/imap/imap_response.h"

// Copies the input into an exactly-sized heap buffer so an over-read trips AddressSanitizer.
// The input is a whole reply (LIST, EXAMINE, header or body FETCH): every response goes through
// the value parser and the FETCH reader (ENVELOPE, BODYSTRUCTURE, BODY[]).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string copy(reinterpret_cast<const char*>(data), size);
  auto reply = lw::probes::imap::parse(copy);
  if (!reply) return 0;
  for (const auto& r : reply->responses) {
    (void)lw::probes::imap::parse_fetch(r);
    (void)lw::probes::imap::parse_values(r.line, r.literals);
  }
  return 0;
}
