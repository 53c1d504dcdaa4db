#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/http.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view reply(reinterpret_cast<const char*>(data), size);
  (void)lw::probes::http::frame_response(reply);
  (void)lw::probes::http::parse_response(reply);
  return 0;
}
