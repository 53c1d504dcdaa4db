#pragma once

#include <string>
#include <vector>

#include "notify/channel.h"
#include "notify/deliver.h"

namespace lw::notify::detail {

// Sends RFC 5424 lines to channel.syslog_host:syslog_port: over UDP one datagram a line (RFC
// 5426), over TCP each framed by octet counting, "LEN SP MSG" (RFC 6587 3.4.1). Connect and send
// are bounded by channel.timeout.
DeliveryResult syslog_send(const Channel& channel, const std::vector<std::string>& lines);

// "LEN SP MSG" (RFC 6587 3.4.1).
std::string octet_counted(const std::string& line);

}  // namespace lw::notify::detail
