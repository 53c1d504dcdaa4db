#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lw::probes {

// Standard base64 (RFC 4648, padding optional, no whitespace). nullopt on a bad character or
// when the decoded size would pass `max_bytes`.
std::optional<std::string> base64_decode(std::string_view text, std::size_t max_bytes);
std::string base64_encode(std::string_view bytes);

}  // namespace lw::probes
