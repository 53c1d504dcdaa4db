// Fuzz target for the pg_hba.conf parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lint/postgres/hba_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto records = lw::lint::parse_hba(text);
  if (records) {
    for (const auto& r : *records) {
      if (r.method.empty() || r.line == 0) __builtin_trap();
    }
  }
  return 0;
}
