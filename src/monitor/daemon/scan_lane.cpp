#include "monitor/daemon/scan_lane.h"
#include "monitor/daemon/lane_thread.h"

namespace lw::monitor::daemon {

ScanLane::ScanLane(std::string name, std::unique_ptr<catalog::Catalog> catalog,
                   std::unique_ptr<catalog::MonitorStore> store, RunFn run)
    : name_(std::move(name)),
      catalog_(std::move(catalog)),
      store_(std::move(store)),
      run_(std::move(run)) {}

ScanLane::~ScanLane() {
  request_stop();
  if (thread_.joinable()) thread_.join();
}

void ScanLane::start() {
  thread_ = std::thread([this] { loop(); });
}

void ScanLane::submit(Batch batch) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(batch));
  }
  wake_.notify_one();
}

bool ScanLane::idle() const {
  std::lock_guard lock(mutex_);
  return queue_.empty() && !running_;
}

void ScanLane::request_stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
}

bool ScanLane::join_within(std::chrono::milliseconds limit) {
  request_stop();
  std::unique_lock lock(mutex_);
  const bool ended = done_.wait_for(lock, limit, [this] { return finished_; });
  lock.unlock();
  return join_or_detach(thread_, ended);
}

void ScanLane::loop() {
  for (;;) {
    Batch batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (stop_) break;
      batch = std::move(queue_.front());
      queue_.pop_front();
      running_ = true;
    }
    run_(batch, *catalog_, *store_);
    std::lock_guard lock(mutex_);
    running_ = false;
  }
  std::lock_guard lock(mutex_);
  finished_ = true;
  done_.notify_all();
}

}  // namespace lw::monitor::daemon
