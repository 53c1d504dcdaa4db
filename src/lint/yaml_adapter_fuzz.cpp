// Fuzz target for the YAML adapter (yaml-cpp behind a no-throw, capped interface).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lint/yaml_adapter.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)lw::lint::parse_yaml(text);
  return 0;
}
