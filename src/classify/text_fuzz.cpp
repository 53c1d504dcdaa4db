// Fuzz target: the classifier on input declared as "text" (and its parser, text).
#include <cstddef>
#include <cstdint>

#include "classify/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lw::classify;
  fuzz::check(fuzz::classifier().classify(Document{"fuzz", "text", fuzz::view(data, size)}));
  return 0;
}
