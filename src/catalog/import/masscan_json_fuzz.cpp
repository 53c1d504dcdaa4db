// Fuzz target: the masscan_json import parser on arbitrary bytes (a value or an Error, never a
// crash).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "catalog/import/import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lw::catalog::ImportOptions options;
  options.default_port = 80;
  options.max_services = 10000;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)lw::catalog::parse_masscan_json(text, options);
  return 0;
}
