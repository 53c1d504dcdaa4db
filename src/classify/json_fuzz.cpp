// Fuzz target: the classifier on input declared as "json" (and its parser, json).
#include <cstddef>
#include <cstdint>

#include "classify/formats/json_walker.h"
#include "classify/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lw::classify;
  fuzz::check(fuzz::classifier().classify(Document{"fuzz", "json", fuzz::view(data, size)}));
  auto segments = json_segments(fuzz::view(data, size), 64, 4096);
  if (segments) {
    for (const auto& s : *segments) {
      if (s.begin > s.end || s.end > size) __builtin_trap();
    }
  }
  return 0;
}
