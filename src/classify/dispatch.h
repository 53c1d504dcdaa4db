#pragma once

#include <string>
#include <string_view>

#include "classify/engine.h"

namespace lw::classify {

// One classify() call: the engine, its limits, the findings so far and the time budget.
struct Walk {
  const Engine& engine;
  const Limits& limits;
  FindingSink& sink;
  Clock::time_point deadline;
  std::size_t expanded = 0;  // bytes produced by decompression so far (all containers)
};

// Classifies `data` of the given content type ("" sniffs), recursing into containers.
// Findings inside a container are located as "<prefix>attachment a.pdf, offset 9".
Result<void> classify_bytes(Walk& walk, std::string_view data, std::string_view type,
                            const std::string& prefix, std::size_t depth);

// Scans plain text in blocks with overlap so offsets stay small and memory bounded.
Result<void> scan_text_blocks(Walk& walk, std::string_view text, const std::string& prefix,
                              std::uint64_t base_offset);

}  // namespace lw::classify
