#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/json_bounded.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const lw::probes::json::Limits limits{.max_bytes = 64 * 1024, .max_depth = 16};
  auto parsed = lw::probes::json::parse_bounded(text, limits);
  if (parsed) {
    (void)lw::probes::json::string_at(*parsed, "name");
    (void)lw::probes::json::uint_at(*parsed, "count");
    (void)lw::probes::json::dump_capped(*parsed, 256);
  }
  (void)lw::probes::json::nesting_depth(text, 32);
  return 0;
}
