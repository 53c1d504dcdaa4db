// Fuzz target: the classifier on input declared as "csv" (and its parser, csv).
#include <cstddef>
#include <cstdint>

#include "classify/formats/csv.h"
#include "classify/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lw::classify;
  fuzz::check(fuzz::classifier().classify(Document{"fuzz", "csv", fuzz::view(data, size)}));
  auto cells = csv_segments(fuzz::view(data, size), 0, 4096);
  if (cells) {
    for (const auto& s : *cells) {
      if (s.begin > s.end || s.end > size) __builtin_trap();
    }
  }
  return 0;
}
