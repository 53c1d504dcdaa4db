#pragma once

#include "core/result.h"

namespace lw::discovery::syn {

// Whether this thread's effective set holds CAP_NET_RAW (what AF_PACKET sockets need).
bool has_net_raw();

// Clears the effective, permitted and inheritable sets of the calling thread, so nothing that
// runs after the raw sockets are open holds a capability. Threads started afterwards inherit the
// empty sets; call it before starting any.
Result<void> drop_capabilities();

// Clears CAP_NET_RAW alone from the effective, permitted and inheritable sets of the calling
// thread (and so from its ambient set): the raw sockets already open keep working, no new one
// can be opened, and the thread's other capabilities stay as they were. As with
// drop_capabilities, threads started afterwards inherit the result; call it before starting any.
Result<void> drop_net_raw();

// The error a command shows when CAP_NET_RAW is missing.
Error missing_net_raw_error();

}  // namespace lw::discovery::syn
