// Fuzz target: the classifier on input declared as "zip" (and its parser, zip).
#include <cstddef>
#include <cstdint>

#include "classify/formats/container.h"
#include "classify/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lw::classify;
  fuzz::check(fuzz::classifier().classify(Document{"fuzz", "zip", fuzz::view(data, size)}));
  Limits limits;
  limits.max_bytes = 4u << 20;
  (void)zip_parts(fuzz::view(data, size), limits);
  (void)xml_text(fuzz::view(data, size));
  return 0;
}
