#pragma once

#include <thread>

namespace lw::monitor::daemon {

// The end of a lane's stop: joins its thread when it ended within the grace, else detaches it
// (the process is exiting; what it was doing stays pending in the catalog). True unless detached.
inline bool join_or_detach(std::thread& thread, bool ended) {
  if (!thread.joinable()) return true;
  if (ended) {
    thread.join();
    return true;
  }
  thread.detach();
  return false;
}

}  // namespace lw::monitor::daemon
