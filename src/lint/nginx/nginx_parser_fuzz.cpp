// Fuzz target for the nginx configuration parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lint/nginx/nginx_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)lw::lint::parse_nginx(text);
  return 0;
}
