#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

namespace lw::net {

// A token bucket shared by every worker: at most `rate` acquisitions per second, with a burst
// of at most `burst`. rate 0 means unlimited.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  RateLimiter(double rate, double burst);

  // Takes one token if there is one.
  bool try_acquire(Clock::time_point now = Clock::now());
  // How long until a token will be there (zero if one is).
  Clock::duration wait_time(Clock::time_point now = Clock::now());

 private:
  void refill(Clock::time_point now);
  std::mutex mutex_;
  double rate_;
  double burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace lw::net
