#pragma once

#include <string_view>

namespace lw::probes {

// A Sample content type for raw bytes read from a store: "json" when it looks like a JSON
// object or array, "binary" when more than an eighth of the first 512 bytes are control or NUL
// bytes, otherwise "text".
std::string_view guess_content_type(std::string_view data) noexcept;

}  // namespace lw::probes
