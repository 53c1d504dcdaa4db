#include <cstddef>
#include <cstdint>
#include <string>

#include "monitor/config.h"

// parse_config over arbitrary bytes: `leakwatch config check` and the daemon's reload read it.
// Host names resolve to loopback for even lengths and fail otherwise; no secret variable is
// set. The input is copied into an exactly-sized heap buffer so an over-read trips ASan.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string copy(reinterpret_cast<const char*>(data), size);
  lw::monitor::ConfigOptions options;
  options.resolve = [](std::string_view name) -> lw::Result<std::vector<lw::Address>> {
    if (name.size() % 2 == 0) return std::vector<lw::Address>{*lw::Address::parse("127.0.0.1")};
    return lw::fail(lw::ErrorCode::not_found, "no such host");
  };
  options.getenv = [](const char*) -> const char* { return nullptr; };
  if (auto c = lw::monitor::parse_config(copy, "fuzz.yaml", options)) {
    (void)lw::monitor::summarize(*c);
    (void)lw::monitor::asset_for(*c, "127.0.0.1", {"db.example"});
  }
  return 0;
}
