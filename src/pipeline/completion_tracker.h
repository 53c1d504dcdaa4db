#pragma once

#include <cstdint>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace lw::pipeline {

// Which targets of one worker's shard are done, as a checkpoint: every target before
// `resume_position` is done, plus the positions in `done_after`. Targets complete out of order,
// so the set after the watermark holds at most what was in flight.
class CompletionTracker {
 public:
  // Targets are numbered by ordinal (0, 1, 2... in the order the iterator yields them); each
  // also has its position in the shard.
  void complete(std::uint64_t ordinal, std::uint64_t position);

  std::uint64_t resume_position() const { return resume_position_; }
  std::uint64_t next_ordinal() const { return next_ordinal_; }
  const std::set<std::uint64_t>& done_after() const { return done_after_positions_; }

  nlohmann::json to_json() const;
  static Result<CompletionTracker> from_json(const nlohmann::json&);

 private:
  std::uint64_t next_ordinal_ = 0;     // first ordinal not known done
  std::uint64_t resume_position_ = 0;  // first position after the contiguous done prefix
  std::map<std::uint64_t, std::uint64_t> pending_;  // done ordinals past the watermark -> position
  std::set<std::uint64_t> done_after_positions_;
  std::set<std::uint64_t> restored_positions_;  // done_after from a resumed checkpoint
};

}  // namespace lw::pipeline
