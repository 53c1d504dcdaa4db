#include "pipeline/completion_tracker.h"

#include <gtest/gtest.h>

namespace lw::pipeline {

TEST(CompletionTracker, WatermarkAdvancesOverContiguousDoneTargets) {
  CompletionTracker t;
  // Ordinals 0..3 at positions 0, 2, 3, 7 (positions 1, 4-6 were skipped values).
  t.complete(1, 2);
  EXPECT_EQ(t.resume_position(), 0u);
  EXPECT_EQ(t.done_after(), (std::set<std::uint64_t>{2}));
  t.complete(0, 0);
  EXPECT_EQ(t.resume_position(), 3u);
  EXPECT_TRUE(t.done_after().empty());
  t.complete(3, 7);
  EXPECT_EQ(t.resume_position(), 3u);
  EXPECT_EQ(t.done_after(), (std::set<std::uint64_t>{7}));
  t.complete(2, 3);
  EXPECT_EQ(t.resume_position(), 8u);
  EXPECT_TRUE(t.done_after().empty());
}

TEST(CompletionTracker, CheckpointRoundTripsAndRestoredPositionsExpire) {
  CompletionTracker t;
  t.complete(0, 0);
  t.complete(2, 9);
  auto restored = CompletionTracker::from_json(t.to_json());
  ASSERT_TRUE(restored);
  EXPECT_EQ(restored->resume_position(), 1u);
  EXPECT_EQ(restored->done_after(), (std::set<std::uint64_t>{9}));
  // After resuming, the worker skips position 9; the first new target is at position 4.
  restored->complete(0, 4);
  EXPECT_EQ(restored->done_after(), (std::set<std::uint64_t>{9}));
  restored->complete(1, 12);
  EXPECT_EQ(restored->resume_position(), 13u);
  EXPECT_TRUE(restored->done_after().empty());
  EXPECT_FALSE(CompletionTracker::from_json(nlohmann::json{{"nope", 1}}));
}

}  // namespace lw::pipeline
