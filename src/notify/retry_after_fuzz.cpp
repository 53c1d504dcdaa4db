#include <cstddef>
#include <cstdint>
#include <string>

#include "notify/retry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string value(reinterpret_cast<const char*>(data), size);
  const auto r = lw::notify::parse_retry_after(value, 1796540460);
  if (r && (r->count() < 0 || *r > lw::notify::kMaxRetryAfter)) __builtin_trap();
  (void)lw::notify::next_attempt_delay(static_cast<int>(size % 40), r, size);
  return 0;
}
