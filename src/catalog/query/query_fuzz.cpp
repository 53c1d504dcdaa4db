// Fuzz target: the search language parser and compiler on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "catalog/query/compile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto compiled = lw::catalog::compile_query(text);
  if (compiled && compiled->where.find('\'') != std::string::npos) {
    // The only quotes in compiled SQL are the compiler's own ESCAPE '\' clauses.
    const auto& w = compiled->where;
    for (std::size_t i = w.find('\''); i != std::string::npos; i = w.find('\'', i + 3)) {
      if (w.compare(i, 3, "'\\'") != 0) __builtin_trap();
    }
  }
  return 0;
}
