#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lw::api {

// httplib's task queue with a cap on waiting connections: when `max_queued` wait, the accept
// thread blocks, so further clients wait in the kernel's backlog (and are refused when it is
// full) instead of growing a queue without bound.
class BoundedPool final : public httplib::TaskQueue {
 public:
  BoundedPool(std::size_t threads, std::size_t max_queued);
  ~BoundedPool() override;
  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

 private:
  void work();

  std::size_t max_queued_;
  std::mutex mu_;
  std::condition_variable has_work_, has_room_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace lw::api
