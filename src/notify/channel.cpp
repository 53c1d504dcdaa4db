#include "notify/channel.h"

#include <algorithm>

#include "notify/notification.h"

namespace lw::notify {

bool channel_accepts(const Channel& channel, const AlertPayload& alert) {
  if (severity_rank(alert.severity) < severity_rank(channel.min_severity)) return false;
  return channel.assets.empty() || std::find(channel.assets.begin(), channel.assets.end(),
                                             alert.asset) != channel.assets.end();
}

}  // namespace lw::notify
