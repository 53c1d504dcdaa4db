#include "net/rate_limiter.h"

#include <algorithm>

namespace lw::net {

RateLimiter::RateLimiter(double rate, double burst)
    : rate_(rate),
      burst_(std::max(1.0, burst)),
      tokens_(std::min(1.0, burst_)),
      last_(Clock::now()) {}

void RateLimiter::refill(Clock::time_point now) {
  if (now <= last_) return;
  const double elapsed = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
  last_ = now;
}

bool RateLimiter::try_acquire(Clock::time_point now) {
  if (rate_ <= 0) return true;
  std::lock_guard lock(mutex_);
  refill(now);
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

RateLimiter::Clock::duration RateLimiter::wait_time(Clock::time_point now) {
  if (rate_ <= 0) return Clock::duration::zero();
  std::lock_guard lock(mutex_);
  refill(now);
  if (tokens_ >= 1.0) return Clock::duration::zero();
  return std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>((1.0 - tokens_) / rate_));
}

}  // namespace lw::net
