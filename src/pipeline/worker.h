#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <set>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "net/discovery/cyclic_permutation.h"
#include "net/discovery/syn/open_port_queue.h"
#include "net/discovery/target_space.h"
#include "net/rate_limiter.h"
#include "pipeline/classification_stage.h"
#include "pipeline/host_slots.h"
#include "pipeline/result_queue.h"
#include "pipeline/service_prober.h"

namespace lw::pipeline {

// What every worker shares (read-only, or synchronised inside).
struct WorkerShared {
  const discovery::TargetSpace& space;
  const discovery::TargetSet& names;
  const ProberSettings& prober;
  net::RateLimiter& limiter;
  HostSlots& hosts;
  ResultQueue& results;
  std::atomic<std::uint64_t>& in_flight;  // for the progress line
  // Whether the catalog holds (address, port) as a reachable service; may be empty. Such a
  // target that no longer answers is reported, so the catalog can say the service is gone.
  const std::function<bool(const Address&, std::uint16_t)>& seen_before;
  // Classification and redaction (classification_stage.h), run on this worker's thread for
  // each service before it is queued; may be empty (the assessment still runs).
  const ClassifyFn& classify;
};

// One event loop on one thread: walks its sub-shard of the permutation, keeps at most
// `concurrency` services in flight, and opens connections as the shared rate limit allows.
class Worker {
 public:
  // With `feed`, targets come from SYN discovery's open ports instead of `it` (a target's
  // position is then its ordinal), and the worker ends when the feed is closed and empty.
  Worker(std::uint32_t index, const WorkerShared& shared, discovery::CyclicPermutation::Iterator it,
         std::set<std::uint64_t> skip_positions, std::uint32_t concurrency,
         discovery::syn::OpenPortQueue* feed = nullptr);

  void run();   // returns when the shard is done or stop() was called
  void stop();  // thread-safe; in-flight services are abandoned (a resume redoes them)

 private:
  struct Pending {
    discovery::Target target;
    std::uint64_t ordinal;
    std::uint64_t position;
  };

  void schedule_pump(asio::steady_timer::duration delay);
  void pump();
  bool start_one();
  std::optional<Pending> next_target();
  void launch(const Pending& p);
  bool gone(const discovery::Target& t, Outcome outcome) const;

  std::uint32_t index_;
  const WorkerShared& shared_;
  discovery::CyclicPermutation::Iterator it_;
  std::set<std::uint64_t> skip_;
  std::uint32_t concurrency_;
  asio::io_context io_;
  asio::steady_timer pump_timer_;
  bool pump_posted_ = false;
  bool timer_armed_ = false;
  ConnectGate gate_;
  std::deque<std::function<void()>> connects_;  // connections waiting for a rate token
  std::deque<Pending> deferred_;                // targets waiting for a host slot
  std::uint32_t in_flight_ = 0;
  std::uint64_t next_ordinal_ = 0;
  bool exhausted_ = false;
  discovery::syn::OpenPortQueue* feed_ = nullptr;
};

}  // namespace lw::pipeline
