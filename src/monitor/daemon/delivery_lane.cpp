#include "monitor/daemon/delivery_lane.h"

#include "monitor/daemon/delivery.h"
#include "monitor/daemon/lane_thread.h"
#include "monitor/daemon/signals.h"

namespace lw::monitor::daemon {
namespace {

constexpr std::chrono::milliseconds kIdleWait{1000};
// The wall clock moving back by more than this, against the monotonic one, is a step.
constexpr std::int64_t kClockStepMs = 5000;

}  // namespace

DeliveryLane::DeliveryLane(std::unique_ptr<catalog::MonitorStore> store, ConfigFn config,
                           notify::Notifier& notifier, Logger& log, FatalFn fatal)
    : store_(std::move(store)),
      config_(std::move(config)),
      notifier_(notifier),
      log_(log),
      fatal_(std::move(fatal)) {}

DeliveryLane::~DeliveryLane() {
  if (thread_.joinable()) thread_.join();
}

void DeliveryLane::start() {
  thread_ = std::thread([this] { loop(); });
}

void DeliveryLane::poke() {
  std::lock_guard lock(mutex_);
  poked_ = true;
  wake_.notify_one();
}

bool DeliveryLane::join_until(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  wake_.notify_all();
  const bool ended = ended_.wait_until(lock, deadline, [this] { return done_; });
  lock.unlock();
  return join_or_detach(thread_, ended);
}

void DeliveryLane::loop() {
  std::int64_t wall_minus_steady = wall_ms() - steady_ms();
  while (!Signals::stop_requested()) {
    // A retry timed before the wall clock stepped back would wait out the step as well: after a
    // step back, every pending retry is due now (an early try costs one request).
    const std::int64_t offset = wall_ms() - steady_ms();
    if (wall_minus_steady - offset > kClockStepMs) {
      auto pulled = store_->pull_retries_forward(wall_ms());
      if (!pulled) {
        fatal_(pulled.error());
        break;
      }
      log_.warn("clock_stepped_back",
                {{"seconds", (wall_minus_steady - offset) / 1000}, {"retries_due_now", *pulled}});
    }
    wall_minus_steady = offset;
    auto sent = deliver_due(*config_(), *store_, notifier_, &log_, wall_ms(), Signals::stop_flag());
    if (!sent) {
      fatal_(sent.error());
      break;
    }
    std::unique_lock lock(mutex_);
    // A full pass leaves more due at once; otherwise wait for a poke, the stop, or a second.
    if (sent->delivered + sent->retried + sent->dead < kMaxDeliveriesPerPass) {
      wake_.wait_for(lock, kIdleWait, [this] { return poked_ || Signals::stop_requested(); });
    }
    poked_ = false;
  }
  std::lock_guard lock(mutex_);
  done_ = true;
  ended_.notify_all();
}

}  // namespace lw::monitor::daemon
