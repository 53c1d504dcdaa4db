#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "classify/rule.h"

namespace lw::classify {

struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Cuts the candidate value out of `text` around a pattern match that ends at `to` (and starts at
// `from` for Extract::match rules, the only ones compiled with start-of-match).
std::optional<Span> extract_value(Extract kind, std::string_view text, std::size_t from,
                                  std::size_t to) noexcept;

}  // namespace lw::classify
