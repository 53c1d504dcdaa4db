#include "monitor/grouping.h"

#include <algorithm>
#include <map>
#include <utility>

namespace lw::monitor {

namespace {

using Key = std::pair<std::string, std::string>;  // asset, channel

struct Group {
  std::vector<std::size_t> members;
  std::int64_t ready_ms = 0;
};

std::map<Key, Group> groups_of(std::span<const PendingNotification> pending,
                               std::span<const GroupSent> sent, const GroupTiming& t) {
  std::map<Key, Group> groups;
  for (std::size_t i = 0; i < pending.size(); ++i) {
    groups[{pending[i].asset, pending[i].channel}].members.push_back(i);
  }
  const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(t.group_wait).count();
  const auto interval =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.group_interval).count();
  for (auto& [key, g] : groups) {
    std::stable_sort(g.members.begin(), g.members.end(), [&](std::size_t a, std::size_t b) {
      return pending[a].arrived_ms < pending[b].arrived_ms;
    });
    g.ready_ms = pending[g.members.front()].arrived_ms + wait;
    for (const auto& s : sent) {
      if (s.asset == key.first && s.channel == key.second) {
        g.ready_ms = std::max(g.ready_ms, s.sent_ms + interval);
      }
    }
  }
  return groups;
}

}  // namespace

std::vector<ReadyGroup> ready_groups(std::span<const PendingNotification> pending,
                                     std::span<const GroupSent> sent, const GroupTiming& timing,
                                     std::int64_t now_ms) {
  std::vector<ReadyGroup> out;
  for (auto& [key, g] : groups_of(pending, sent, timing)) {
    if (g.ready_ms > now_ms) continue;
    if (g.members.size() > kMaxGroupMembers) g.members.resize(kMaxGroupMembers);
    out.push_back({key.first, key.second, std::move(g.members)});
  }
  return out;
}

std::optional<std::int64_t> next_group_time(std::span<const PendingNotification> pending,
                                            std::span<const GroupSent> sent,
                                            const GroupTiming& timing, std::int64_t now_ms) {
  std::optional<std::int64_t> next;
  for (const auto& [key, g] : groups_of(pending, sent, timing)) {
    if (g.ready_ms > now_ms && (!next || g.ready_ms < *next)) next = g.ready_ms;
  }
  return next;
}

}  // namespace lw::monitor
