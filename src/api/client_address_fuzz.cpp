// TrustedProxies::client_of over arbitrary bytes: what a client or proxy sends as
// X-Forwarded-For.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/client_address.h"
#include "core/address.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto proxies = *lw::api::TrustedProxies::parse({"127.0.0.1", "10.0.0.0/8", "::1"});
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  const auto client = proxies.client_of("127.0.0.1", header);
  // The answer is always an address: the peer's, or one read from the header.
  if (!lw::Address::parse(client)) __builtin_trap();
  if (proxies.client_of("192.0.2.1", header) != "192.0.2.1") __builtin_trap();
  return 0;
}
