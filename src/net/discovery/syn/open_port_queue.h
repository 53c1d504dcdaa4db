#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

#include "net/discovery/target_space.h"

namespace lw::discovery::syn {

// The hand-over from discovery to the probe stage: bounded, so a slow probe stage holds the
// receiver (and, through the sender's check of backlogged(), the sender) instead of growing.
class OpenPortQueue {
 public:
  explicit OpenPortQueue(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Waits for room up to `timeout`; false when there was none (the caller counts and retries)
  // or the queue is closed.
  bool push(const Target& target, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!room_.wait_for(lock, timeout, [&] { return closed_ || items_.size() < capacity_; })) {
      return false;
    }
    if (closed_) return false;
    items_.push_back(target);
    ready_.notify_one();
    return true;
  }

  // The next open port, or nullopt after `timeout` or when closed and empty.
  std::optional<Target> pop(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, timeout, [&] { return closed_ || !items_.empty(); })) {
      return std::nullopt;
    }
    if (items_.empty()) return std::nullopt;
    Target t = items_.front();
    items_.pop_front();
    room_.notify_one();
    return t;
  }

  // No more pushes: discovery has ended (or stopped).
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.notify_all();
    room_.notify_all();
  }

  bool closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
  }
  // Closed and drained: nothing more will come.
  bool finished() const {
    std::lock_guard lock(mutex_);
    return closed_ && items_.empty();
  }
  // More than three quarters full: the sender pauses so answers do not outrun the probes.
  bool backlogged() const {
    std::lock_guard lock(mutex_);
    return items_.size() * 4 >= capacity_ * 3;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable room_, ready_;
  std::deque<Target> items_;
  std::size_t capacity_;
  bool closed_ = false;
};

}  // namespace lw::discovery::syn
