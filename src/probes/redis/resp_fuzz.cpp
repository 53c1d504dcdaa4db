#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/redis/resp_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  lw::probes::resp::Limits small;
  small.max_bulk = 4096;
  small.max_elements = 256;
  small.max_total_elements = 1024;
  small.max_depth = 8;
  (void)lw::probes::resp::parse_one(in);
  (void)lw::probes::resp::skip_one(in, small);
  (void)lw::probes::resp::parse_sequence(in, 64, small);
  (void)lw::probes::resp::count_values(in, 64);
  return 0;
}
