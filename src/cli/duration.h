#pragma once

#include <chrono>
#include <string_view>

#include "core/result.h"

namespace lw::cli {

// "250ms", "3s", "2m", or a bare number of seconds ("1.5").
Result<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace lw::cli
