#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "lint/tree.h"

namespace lw::lint {

// Parses every document of a YAML stream into trees. yaml-cpp's exceptions stop here and come
// back as an Error naming the line; aliases are expanded under the node cap (no "billion
// laughs"), and nesting over kMaxTreeDepth is refused before yaml-cpp recurses into it.
Result<std::vector<Node>> parse_yaml(std::string_view text);

}  // namespace lw::lint
