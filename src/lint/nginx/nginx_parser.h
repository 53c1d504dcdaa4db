#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::lint {

// One nginx directive: "name arg...;" or "name arg... { children }".
struct NginxDirective {
  std::string name;
  std::vector<std::string> args;
  std::size_t line = 0;
  bool block = false;
  std::vector<NginxDirective> children;
};

inline constexpr std::size_t kMaxNginxDepth = 32;
inline constexpr std::size_t kMaxNginxDirectives = 100000;

// Parses an nginx configuration file (or a fragment such as a sites-available file) into
// its directive tree. Quotes, escapes, comments and ${var} are handled; unbalanced braces,
// a missing ';' at the end or nesting over kMaxNginxDepth are errors naming the line.
Result<std::vector<NginxDirective>> parse_nginx(std::string_view text);

}  // namespace lw::lint
