#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "classify/engine.h"

namespace lw::classify {

// One classify() call: the engine, its limits, the findings so far and the time budget.
struct Walk {
  const Engine& engine;
  const Limits& limits;
  FindingSink& sink;
  Clock::time_point deadline;
  std::size_t expanded = 0;  // bytes produced by decompression so far (all containers)
  std::vector<Note> notes;   // what was not inspected (at most kMaxNotes)
};

constexpr std::size_t kMaxNotes = 64;

// The note of a document or stream whose findings reached Limits::max_findings.
Note findings_cap_note(const Limits& limits);

// One document under a given deadline: findings and notes; a time-budget overrun becomes a note
// (the findings so far are kept), any other failure an error whose `where` names `source`.
Result<Report> inspect_document(const Engine& engine, const Limits& limits,
                                const Document& document, Clock::time_point deadline);

// Classifies `data` of the given content type ("" sniffs), recursing into containers.
// Findings inside a container are located as "<prefix>attachment a.pdf, offset 9".
Result<void> classify_bytes(Walk& walk, std::string_view data, std::string_view type,
                            const std::string& prefix, std::size_t depth);

// Scans plain text in blocks with overlap so offsets stay small and memory bounded.
Result<void> scan_text_blocks(Walk& walk, std::string_view text, const std::string& prefix,
                              std::uint64_t base_offset);

}  // namespace lw::classify
