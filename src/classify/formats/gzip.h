#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace lw::classify {

// Inflates gzip (or zlib) data. Output is capped at max_out bytes and at max_ratio times the
// input size (at least 1 MiB is allowed): beyond either the result is ErrorCode::too_large (a
// decompression bomb).
Result<std::string> gunzip(std::string_view data, std::size_t max_out, std::size_t max_ratio);

inline bool looks_gzip(std::string_view d) noexcept {
  return d.size() >= 3 && static_cast<unsigned char>(d[0]) == 0x1f &&
         static_cast<unsigned char>(d[1]) == 0x8b && d[2] == 8;
}

}  // namespace lw::classify
