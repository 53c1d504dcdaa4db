// Fuzz target for the key-value configuration parser in every dialect lint uses.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lint/conf/kv_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (unsigned mask = 0; mask < 32; ++mask) {
    lw::lint::KvSyntax syntax;
    syntax.equals = (mask & 1u) != 0;
    syntax.equals_optional = (mask & 2u) != 0;
    syntax.ini_sections = (mask & 4u) != 0;
    syntax.brace_sections = (mask & 8u) != 0;
    syntax.inline_comments = (mask & 16u) != 0;
    auto entries = lw::lint::parse_kv(text, syntax);
    if (entries) {
      for (const auto& e : *entries) {
        if (e.key.empty() || e.line == 0) __builtin_trap();  // invariants of a parsed entry
      }
    }
  }
  return 0;
}
