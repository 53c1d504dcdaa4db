#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

// Rate limits (docs/api.md "Rate limits"). Both count in fixed windows per key and keep at most
// `max_keys` keys: when full, windows that ended are dropped first, and a new key beyond that is
// counted under one shared overflow key, so memory stays bounded under a flood of addresses.
// Times are milliseconds of a monotonic clock, passed in.
namespace lw::api {

struct WindowLimit {
  std::int64_t max_events = 10;  // per window
  std::int64_t window_ms = 60'000;
  std::size_t max_keys = 10'000;
};

class WindowCounter {
 public:
  explicit WindowCounter(WindowLimit limit) : limit_(limit) {}
  // Records one event for `key`; 0 when it is within the limit, else the seconds (>= 1) until the
  // window ends (Retry-After).
  std::int64_t hit(const std::string& key, std::int64_t now_ms);
  // The seconds until `key` may try again, without counting (0: not blocked).
  std::int64_t blocked_for(const std::string& key, std::int64_t now_ms);
  std::size_t keys() const;

 private:
  struct Window {
    std::int64_t start_ms = 0;
    std::int64_t count = 0;
  };
  Window& window_of(const std::string& key, std::int64_t now_ms);
  std::int64_t retry_after(const Window&, std::int64_t now_ms) const;

  WindowLimit limit_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace lw::api
