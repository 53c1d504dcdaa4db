#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "classify/engine.h"
#include "core/result.h"

namespace lw::classify {

// Walks JSON (or JSON Lines) without building a tree and returns one segment per string or
// number value: its raw bytes, its path ("field $.user.ssn") and its field name as context.
// Iterative; nesting deeper than max_depth is an error (ErrorCode::too_deep), as is malformed
// input (ErrorCode::parse_error). At most max_segments are returned; later values are skipped.
Result<std::vector<Segment>> json_segments(std::string_view text, std::size_t max_depth,
                                           std::size_t max_segments);

}  // namespace lw::classify
