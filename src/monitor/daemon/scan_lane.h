#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/monitor/monitor_store.h"
#include "monitor/scheduler.h"

namespace lw::monitor::daemon {

// A thread that runs scans one after another, with its own catalog connections, so that a
// rescan never waits behind a long sweep in another lane. What it does with a batch is `run`
// (scan, then evaluate); the lane only queues, runs and reports when it is idle.
class ScanLane {
 public:
  using Batch = std::vector<PlannedScan>;
  using RunFn = std::function<void(const Batch&, catalog::Catalog&, catalog::MonitorStore&)>;

  ScanLane(std::string name, std::unique_ptr<catalog::Catalog> catalog,
           std::unique_ptr<catalog::MonitorStore> store, RunFn run);
  ~ScanLane();
  ScanLane(const ScanLane&) = delete;
  ScanLane& operator=(const ScanLane&) = delete;

  void start();
  void submit(Batch batch);
  // Nothing queued and nothing running.
  bool idle() const;
  // Asks the thread to end after the batch it runs (whose scan sees the stop flag itself).
  void request_stop();
  // Waits at most `limit` for the thread to end; false when it did not (it is then detached
  // and the caller must end the process, not this object's owner's memory).
  bool join_within(std::chrono::milliseconds limit);

 private:
  void loop();

  std::string name_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<catalog::MonitorStore> store_;
  RunFn run_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::deque<Batch> queue_;
  bool running_ = false;
  bool stop_ = false;
  bool finished_ = false;
  std::thread thread_;
};

}  // namespace lw::monitor::daemon
