// decode_cursor over arbitrary bytes: what a client sends as ?cursor=.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/cursor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto c = lw::api::decode_cursor(text);
  if (c) {
    // What decodes re-encodes to a cursor that decodes to the same thing.
    auto again = lw::api::decode_cursor(lw::api::encode_cursor(*c));
    if (!again || again->scope != c->scope || again->position != c->position) __builtin_trap();
  }
  return 0;
}
