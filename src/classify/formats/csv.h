#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "classify/engine.h"
#include "core/result.h"

namespace lw::classify {

// Splits CSV/TSV (RFC 4180 quoting) into cell segments. The first row is the header: each data
// cell is labelled "row R column NAME" and carries its header as context. `delimiter` 0 guesses
// (tab, ';' or ','). At most max_segments cells are returned.
Result<std::vector<Segment>> csv_segments(std::string_view text, char delimiter,
                                          std::size_t max_segments);

// The delimiter a header line suggests: '\t', ';' or ','.
char guess_delimiter(std::string_view text) noexcept;

}  // namespace lw::classify
