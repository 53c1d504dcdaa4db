#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/smtp/smtp_probe.h"

// Copies the input into an exactly-sized heap buffer so an over-read trips AddressSanitizer.
// Runs the whole probe over the input as greeting and as EHLO reply (the three-digit reply
// parser of common/numeric_reply.h and the EHLO/extension parsing).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string copy(reinterpret_cast<const char*>(data), size);
  lw::probes::SmtpProbe probe;
  lw::Transcript t(2);
  t[0].exchange.label = "banner";
  t[0].reply = "220 mail.example.invalid ESMTP ready\r\n";
  t[1].exchange.label = "EHLO";
  t[1].reply = copy;
  (void)probe.parse(t);
  t[0].reply = copy;
  (void)probe.parse(t);
  (void)probe.frame(t[1].exchange, copy);
  return 0;
}
