#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/xml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = lw::probes::xml::parse(text);
  if (parsed) {
    for (const auto* child : parsed->children_named("Contents")) {
      (void)child->child_text("Key");
    }
    (void)parsed->attribute("xmlns");
  }
  return 0;
}
