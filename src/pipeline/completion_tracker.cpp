#include "pipeline/completion_tracker.h"

namespace lw::pipeline {

void CompletionTracker::complete(std::uint64_t ordinal, std::uint64_t position) {
  if (ordinal < next_ordinal_) return;
  pending_.emplace(ordinal, position);
  done_after_positions_.insert(position);
  // Advance the watermark over the contiguous prefix of done ordinals.
  while (!pending_.empty() && pending_.begin()->first == next_ordinal_) {
    const std::uint64_t pos = pending_.begin()->second;
    done_after_positions_.erase(pos);
    pending_.erase(pending_.begin());
    ++next_ordinal_;
    resume_position_ = pos + 1;
  }
  // Positions restored from an earlier run stay listed until the watermark passes them.
  while (!restored_positions_.empty() && *restored_positions_.begin() < resume_position_) {
    done_after_positions_.erase(*restored_positions_.begin());
    restored_positions_.erase(restored_positions_.begin());
  }
}

nlohmann::json CompletionTracker::to_json() const {
  return {{"resume_position", resume_position_},
          {"done_after", nlohmann::json(done_after_positions_)}};
}

Result<CompletionTracker> CompletionTracker::from_json(const nlohmann::json& j) {
  try {
    CompletionTracker t;
    t.resume_position_ = j.at("resume_position").get<std::uint64_t>();
    t.restored_positions_ = j.at("done_after").get<std::set<std::uint64_t>>();
    t.done_after_positions_ = t.restored_positions_;
    return t;
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorCode::parse_error, std::string("bad checkpoint: ") + e.what(), "checkpoint");
  }
}

}  // namespace lw::pipeline
