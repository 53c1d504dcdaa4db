#include "api/rate_limit.h"

namespace lw::api {
namespace {
const std::string kOverflowKey = "\x01overflow";
}

WindowCounter::Window& WindowCounter::window_of(const std::string& key, std::int64_t now_ms) {
  auto it = windows_.find(key);
  if (it == windows_.end()) {
    if (windows_.size() >= limit_.max_keys) {
      std::erase_if(windows_, [&](const auto& kv) {
        return now_ms - kv.second.start_ms >= limit_.window_ms;
      });
    }
    const auto& k = windows_.size() >= limit_.max_keys ? kOverflowKey : key;
    it = windows_.try_emplace(k, Window{now_ms, 0}).first;
  }
  if (now_ms - it->second.start_ms >= limit_.window_ms) it->second = Window{now_ms, 0};
  return it->second;
}

std::int64_t WindowCounter::retry_after(const Window& w, std::int64_t now_ms) const {
  if (w.count <= limit_.max_events) return 0;
  const auto left_ms = w.start_ms + limit_.window_ms - now_ms;
  return left_ms <= 1000 ? 1 : (left_ms + 999) / 1000;
}

std::int64_t WindowCounter::hit(const std::string& key, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto& w = window_of(key, now_ms);
  ++w.count;
  return retry_after(w, now_ms);
}

std::int64_t WindowCounter::blocked_for(const std::string& key, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = windows_.find(key);
  if (it == windows_.end()) it = windows_.find(kOverflowKey);
  if (it == windows_.end() || now_ms - it->second.start_ms >= limit_.window_ms) return 0;
  // Blocked once the failures reached the limit: the next attempt would be one too many.
  if (it->second.count < limit_.max_events) return 0;
  Window w = it->second;
  w.count = limit_.max_events + 1;
  return retry_after(w, now_ms);
}

std::size_t WindowCounter::keys() const {
  std::lock_guard lock(mu_);
  return windows_.size();
}

}  // namespace lw::api
