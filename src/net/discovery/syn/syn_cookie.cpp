#include "net/discovery/syn/syn_cookie.h"

#include <sys/random.h>

#include <array>

namespace lw::discovery::syn {
namespace {

// Addresses as 16 bytes (IPv4 as its IPv4-mapped IPv6 form) so both families share one layout.
void put_address(std::uint8_t* out, const Address& a) {
  if (a.v6) {
    const auto bytes = a.v6_bytes();
    for (std::size_t i = 0; i < 16; ++i) out[i] = bytes[i];
    return;
  }
  for (std::size_t i = 0; i < 10; ++i) out[i] = 0;
  out[10] = 0xff;
  out[11] = 0xff;
  const std::uint32_t v = a.v4();
  for (std::size_t i = 0; i < 4; ++i) out[12 + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

}  // namespace

SynCookie SynCookie::random() {
  SipKey key{};
  std::size_t got = 0;
  while (got < key.size()) {
    const auto n = getrandom(key.data() + got, key.size() - got, 0);
    if (n > 0) got += static_cast<std::size_t>(n);
  }
  return SynCookie(key);
}

std::uint32_t SynCookie::sequence(const FlowKey& flow) const noexcept {
  std::array<std::uint8_t, 37> m{};
  m[0] = 's';  // domain separation from source_port()
  put_address(m.data() + 1, flow.source);
  put_address(m.data() + 17, flow.destination);
  m[33] = static_cast<std::uint8_t>(flow.source_port >> 8);
  m[34] = static_cast<std::uint8_t>(flow.source_port);
  m[35] = static_cast<std::uint8_t>(flow.destination_port >> 8);
  m[36] = static_cast<std::uint8_t>(flow.destination_port);
  return static_cast<std::uint32_t>(siphash24(key_, m));
}

std::uint16_t SynCookie::source_port(const Address& destination, std::uint16_t port,
                                     std::uint16_t first, std::uint16_t count) const noexcept {
  if (count <= 1) return first;
  std::array<std::uint8_t, 19> m{};
  m[0] = 'p';
  put_address(m.data() + 1, destination);
  m[17] = static_cast<std::uint8_t>(port >> 8);
  m[18] = static_cast<std::uint8_t>(port);
  return static_cast<std::uint16_t>(first + siphash24(key_, m) % count);
}

}  // namespace lw::discovery::syn
