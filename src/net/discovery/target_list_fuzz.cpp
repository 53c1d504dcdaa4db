#include <cstddef>
#include <cstdint>
#include <string>

#include "net/discovery/target_set.h"

// A target list (-iL / --exclude-file text): tokens split per line, every token parsed and built
// into a TargetSet (lines with a '!' anywhere are exclusions), as the streaming reader does.
// The input is copied into an exactly-sized heap buffer so an over-read trips AddressSanitizer.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string copy(reinterpret_cast<const char*>(data), size);
  const bool has_exclusions = copy.find('!') != std::string::npos;
  lw::discovery::TargetSetBuilder builder(
      {}, [](std::string_view name) -> lw::Result<std::vector<lw::Address>> {
        if (name.size() % 2 == 0) return std::vector<lw::Address>{*lw::Address::parse("127.0.0.1")};
        return lw::fail(lw::ErrorCode::not_found, "no such host");
      });
  std::size_t n = 0;
  for (const auto& spec : lw::discovery::split_spec_text(copy, "fuzz")) {
    if (has_exclusions && ++n % 2 == 0) {
      (void)builder.exclude(spec);
    } else {
      (void)builder.include(spec);
    }
  }
  if (auto set = builder.finish()) {
    for (const auto& r : set->ranges) (void)r.to_string();
  }
  return 0;
}
