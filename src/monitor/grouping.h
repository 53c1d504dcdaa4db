#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lw::monitor {

// One alert waiting to go to one channel (an AlertCandidate that should_notify and no silence
// held back, times its channels).
struct PendingNotification {
  std::string alert_id;
  std::string asset;
  std::string channel;
  std::int64_t arrived_ms = 0;
};

// When the daemon last sent a group (asset, channel).
struct GroupSent {
  std::string asset;
  std::string channel;
  std::int64_t sent_ms = 0;
};

// One notification to send now: the pending items (indices into the input) of one asset for
// one channel, oldest first.
struct ReadyGroup {
  std::string asset;
  std::string channel;
  std::vector<std::size_t> members;
};

inline constexpr std::size_t kMaxGroupMembers = 100;

struct GroupTiming {
  std::chrono::seconds group_wait{5};
  std::chrono::seconds group_interval{30};
};

// Pure, after Alertmanager: a group (asset, channel) is ready once its oldest pending item has
// waited group_wait and, if the group was sent before, group_interval has passed since then.
// A group holds at most kMaxGroupMembers; the rest wait for its next batch.
std::vector<ReadyGroup> ready_groups(std::span<const PendingNotification> pending,
                                     std::span<const GroupSent> sent, const GroupTiming& timing,
                                     std::int64_t now_ms);

// The earliest time a group that is not ready now becomes ready (for the daemon's sleep);
// nullopt when nothing is pending or everything is ready.
std::optional<std::int64_t> next_group_time(std::span<const PendingNotification> pending,
                                            std::span<const GroupSent> sent,
                                            const GroupTiming& timing, std::int64_t now_ms);

}  // namespace lw::monitor
