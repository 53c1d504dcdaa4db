#include <cstddef>
#include <cstdint>
#include <vector>

#include "net/discovery/syn/frame_parser.h"

// One received Ethernet frame through the parser and the cookie check, as the receiver does.
// The input is copied into an exactly-sized heap buffer so an over-read trips AddressSanitizer.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::uint8_t> frame(data, data + size);
  const auto parsed = lw::discovery::syn::parse_frame(frame);
  static const lw::discovery::syn::SynCookie cookie(lw::discovery::syn::SipKey{});
  if (parsed.kind == lw::discovery::syn::FrameKind::tcp) {
    (void)lw::discovery::syn::classify_reply(parsed.segment, cookie, {0x0a0000fe, 40000, 64});
  }
  return 0;
}
