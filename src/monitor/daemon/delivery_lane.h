#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "catalog/monitor/monitor_store.h"
#include "monitor/config.h"
#include "monitor/daemon/log.h"
#include "notify/deliver.h"

namespace lw::monitor::daemon {

// The delivery lane: a thread with its own MonitorStore that runs deliver_due every second, or
// at once when poked (the grouping step queued something), until the stop flag is set.
class DeliveryLane {
 public:
  using ConfigFn = std::function<std::shared_ptr<const Config>()>;
  using FatalFn = std::function<void(const Error&)>;

  DeliveryLane(std::unique_ptr<catalog::MonitorStore> store, ConfigFn config,
               notify::Notifier& notifier, Logger& log, FatalFn fatal);
  ~DeliveryLane();
  DeliveryLane(const DeliveryLane&) = delete;
  DeliveryLane& operator=(const DeliveryLane&) = delete;

  void start();
  void poke();
  // After the stop flag is set: waits until `deadline` for the send in flight; false when it
  // did not end (the thread is detached and the caller must end the process).
  bool join_until(std::chrono::steady_clock::time_point deadline);

 private:
  void loop();

  std::unique_ptr<catalog::MonitorStore> store_;
  ConfigFn config_;
  notify::Notifier& notifier_;
  Logger& log_;
  FatalFn fatal_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable ended_;
  bool poked_ = false;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace lw::monitor::daemon
