#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

#include "pipeline/service_prober.h"

namespace lw::pipeline {

// One finished target: which worker, its ordinal and position in that worker's shard, and
// what was found (nothing for a closed port).
struct TargetDone {
  std::uint32_t worker = 0;
  std::uint64_t ordinal = 0;
  std::uint64_t position = 0;
  std::optional<ServiceOutcome> service;
  bool untried = false;  // this side could not connect (descriptors, local ports), even on retry
  std::optional<Error> stage_error;  // the worker's classification stage failed (scan stops)
};

// Workers push, the writer pops. Bounded: a full queue makes workers wait (back-pressure).
// The writer is woken when the queue stops being empty and when it holds a batch, not on every
// push: a sweep of closed ports finishes tens of thousands of targets a second, and a wake-up
// (two context switches) per target cost the scan a sixth of its CPU.
class ResultQueue {
 public:
  // A writer woken by the first item waits this long for a batch to gather.
  static constexpr std::size_t kWakeBatch = 512;
  static constexpr std::chrono::milliseconds kGather{2};

  explicit ResultQueue(std::size_t capacity) : capacity_(capacity) {}

  void push(TargetDone item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_; });
    items_.push_back(std::move(item));
    const std::size_t n = items_.size();
    if (n == 1 || n == kWakeBatch || n == capacity_) not_empty_.notify_one();
  }

  // Everything queued, waiting at most `wait` for the first item and then at most kGather for
  // a batch of kWakeBatch.
  std::vector<TargetDone> pop_all(std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    if (not_empty_.wait_for(lock, wait, [&] { return !items_.empty(); })) {
      not_empty_.wait_for(lock, kGather,
                          [&] { return items_.size() >= std::min(kWakeBatch, capacity_); });
    }
    std::vector<TargetDone> out(std::make_move_iterator(items_.begin()),
                                std::make_move_iterator(items_.end()));
    items_.clear();
    not_full_.notify_all();
    return out;
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<TargetDone> items_;
  std::size_t capacity_;
};

}  // namespace lw::pipeline
