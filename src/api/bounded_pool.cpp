#include "api/bounded_pool.h"

namespace lw::api {

BoundedPool::BoundedPool(std::size_t threads, std::size_t max_queued)
    : max_queued_(max_queued == 0 ? 1 : max_queued) {
  for (std::size_t i = 0; i < (threads == 0 ? 1 : threads); ++i)
    threads_.emplace_back([this] { work(); });
}

BoundedPool::~BoundedPool() {
  shutdown();
}

void BoundedPool::enqueue(std::function<void()> fn) {
  std::unique_lock lock(mu_);
  has_room_.wait(lock, [&] { return queue_.size() < max_queued_ || stopping_; });
  // Even when stopping, the task runs: it owns the connection's socket and closes it.
  queue_.push_back(std::move(fn));
  has_work_.notify_one();
}

void BoundedPool::shutdown() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  has_work_.notify_all();
  has_room_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void BoundedPool::work() {
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock lock(mu_);
      has_work_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and nothing left to close
      fn = std::move(queue_.front());
      queue_.pop_front();
      has_room_.notify_one();
    }
    fn();
  }
}

}  // namespace lw::api
