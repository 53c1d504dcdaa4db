#pragma once

#include <string_view>

#include "core/result.h"
#include "lint/tree.h"

namespace lw::lint {

// Parses JSON (comments allowed, as ARM templates allow them) into a tree with lines, using
// nlohmann's SAX parser (iterative, so deep input cannot overflow the stack) over an iterator
// that remembers how far the lexer has read. Errors name the line.
Result<Node> parse_json(std::string_view text);

// "line N" as written in Error::where by the adapters; 0 when absent.
std::size_t line_of_error(const Error& error) noexcept;

}  // namespace lw::lint
