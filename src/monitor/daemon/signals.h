#pragma once

#include <atomic>
#include <chrono>

namespace lw::monitor::daemon {

// SIGTERM/SIGINT (stop) and SIGHUP (reload) as flags and a self-pipe: the handlers only set a
// flag and write one byte, and the daemon's loop sleeps in poll() on the pipe, so a signal
// wakes it at once. One per process (signal handlers are process-wide).
class Signals {
 public:
  // Installs the handlers; false when the pipe cannot be made.
  static bool install();
  // Restores the default handlers.
  static void uninstall();

  static const std::atomic<bool>& stop_flag();
  static bool stop_requested();
  // True once per SIGHUP received (clears the flag).
  static bool take_reload();
  // Asks the loop to stop, as SIGTERM would (tests, fatal errors).
  static void request_stop();
  // Wakes the loop's wait without a signal (a lane finished work).
  static void wake();
  // Sleeps until a signal arrives or `limit` passes (never more than `limit`).
  static void wait(std::chrono::milliseconds limit);
};

}  // namespace lw::monitor::daemon
