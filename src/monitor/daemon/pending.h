#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/monitor/monitor_store.h"

namespace lw::monitor::daemon {

// An alert waiting for its notification, kept in its alerts row's payload ("pending") so that it
// survives a restart: which channels still have to get it, since when it waits (group_wait),
// and the content it will say.
struct Pending {
  std::int64_t since_ms = 0;
  std::string content_hash;
  std::string state_hash;
  std::vector<std::string> channels;
};

std::optional<Pending> pending_of(const catalog::AlertRow& row);
void set_pending(catalog::AlertRow& row, const Pending& pending);

}  // namespace lw::monitor::daemon
