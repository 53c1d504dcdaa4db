#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/common/http.h"
#include "probes/http_exposure/exposure_checks.h"

// Copies the input into an exactly-sized heap buffer so an over-read trips AddressSanitizer.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string copy(reinterpret_cast<const char*>(data), size);
  namespace ex = lw::probes::exposure;
  (void)ex::directory_listing(copy);
  (void)ex::git_head(copy);
  (void)ex::git_config(copy);
  (void)ex::dotenv(copy);
  (void)ex::server_status(copy);
  (void)lw::probes::http::parse_response(copy);
  return 0;
}
