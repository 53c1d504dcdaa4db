// Fuzz target for the JSON adapter (nlohmann SAX with line tracking).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lint/json_adapter.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto root = lw::lint::parse_json(text);
  if (root && root->line > text.size() + 1) __builtin_trap();  // a line past the end
  return 0;
}
