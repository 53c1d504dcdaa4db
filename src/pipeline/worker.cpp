#include "pipeline/worker.h"

#include <asio/post.hpp>

namespace lw::pipeline {
namespace {
constexpr std::size_t kMaxDeferred = 4096;
constexpr std::size_t kMaxQueuedConnects = 256;
constexpr auto kHostSlotRetry = std::chrono::milliseconds(2);
}  // namespace

Worker::Worker(std::uint32_t index, const WorkerShared& shared,
               discovery::CyclicPermutation::Iterator it, std::set<std::uint64_t> skip_positions,
               std::uint32_t concurrency, discovery::syn::OpenPortQueue* feed)
    : index_(index),
      shared_(shared),
      it_(it),
      skip_(std::move(skip_positions)),
      concurrency_(concurrency == 0 ? 1 : concurrency),
      pump_timer_(io_),
      feed_(feed) {
  gate_ = [this](std::function<void()> start) {
    connects_.push_back(std::move(start));
    schedule_pump({});
  };
}

void Worker::run() {
  schedule_pump({});
  io_.run();
}

void Worker::stop() {
  asio::post(io_, [this] { io_.stop(); });
}

void Worker::schedule_pump(asio::steady_timer::duration delay) {
  if (delay <= asio::steady_timer::duration::zero()) {
    if (pump_posted_) return;
    pump_posted_ = true;
    asio::post(io_, [this] {
      pump_posted_ = false;
      pump();
    });
    return;
  }
  if (timer_armed_) return;
  timer_armed_ = true;
  pump_timer_.expires_after(delay);
  pump_timer_.async_wait([this](const asio::error_code& e) {
    timer_armed_ = false;
    if (!e) pump();
  });
}

void Worker::pump() {
  while (true) {
    while (in_flight_ < concurrency_ && connects_.size() < kMaxQueuedConnects && start_one()) {
    }
    if (connects_.empty()) {
      // Targets waiting for a host slot that another worker holds: that worker's completions
      // do not wake this one, so look again shortly (the timer also keeps the loop alive).
      // A feed that is still open wakes no one either when it gets a target.
      if (!deferred_.empty() || (feed_ && !exhausted_)) schedule_pump(kHostSlotRetry);
      return;
    }
    if (!shared_.limiter.try_acquire()) {
      schedule_pump(shared_.limiter.wait_time() + std::chrono::microseconds(50));
      return;
    }
    auto start = std::move(connects_.front());
    connects_.pop_front();
    start();
  }
}

// Starts the next target that may start now; false when none can.
bool Worker::start_one() {
  for (std::size_t i = 0; i < deferred_.size() && i < 64; ++i) {
    if (shared_.hosts.try_take(deferred_[i].target.address)) {
      const Pending p = deferred_[i];
      deferred_.erase(deferred_.begin() + static_cast<std::ptrdiff_t>(i));
      launch(p);
      return true;
    }
  }
  if (exhausted_ || deferred_.size() >= kMaxDeferred) return false;
  while (true) {
    const auto next = next_target();
    if (!next) return false;
    const Pending p = *next;
    if (shared_.hosts.try_take(p.target.address)) {
      launch(p);
      return true;
    }
    deferred_.push_back(p);
    if (deferred_.size() >= kMaxDeferred) return false;
  }
}

// The next target of the shard, or of the feed; nullopt when there is none now (exhausted_ says
// whether there will be).
std::optional<Worker::Pending> Worker::next_target() {
  if (feed_) {
    const auto target = feed_->pop(std::chrono::milliseconds(0));
    if (!target) {
      if (feed_->finished()) exhausted_ = true;
      return std::nullopt;
    }
    const std::uint64_t ordinal = next_ordinal_++;
    return Pending{*target, ordinal, ordinal};
  }
  while (true) {
    const auto step = it_.next();
    if (!step) {
      exhausted_ = true;
      return std::nullopt;
    }
    if (skip_.erase(step->position) > 0) continue;  // done before the scan was resumed
    return Pending{shared_.space.at(step->value), next_ordinal_++, step->position};
  }
}

// A target whose handshake never completed ended refused or timeout (nothing answered on the
// port) or app_error (this side could not try it); see net/dialogue.h. A reset after the
// handshake is an open port and never comes here.
bool Worker::gone(const discovery::Target& t, Outcome outcome) const {
  return (outcome == Outcome::refused || outcome == Outcome::timeout) && shared_.seen_before &&
         shared_.seen_before(t.address, t.port);
}

void Worker::launch(const Pending& p) {
  ++in_flight_;
  shared_.in_flight.fetch_add(1, std::memory_order_relaxed);
  const std::string* name = shared_.names.name_of(p.target.address);
  probe_service(io_, shared_.prober, p.target, name ? *name : std::string(), gate_,
                [this, p](ServiceOutcome outcome) {
                  --in_flight_;
                  shared_.in_flight.fetch_sub(1, std::memory_order_relaxed);
                  shared_.hosts.give_back(p.target.address);
                  TargetDone done{index_, p.ordinal, p.position, std::nullopt, false, std::nullopt};
                  if (outcome.port_open) {
                    done.service = std::move(outcome);
                  } else if (outcome.record.outcome == Outcome::app_error) {
                    done.untried = true;  // no record: the scan counts it
                  } else if (gone(p.target, outcome.record.outcome)) {
                    outcome.record.verdict = {VerdictKind::unknown,
                                              "nothing answered; an earlier scan found a service",
                                              EvidenceKind::none, ""};
                    done.service = std::move(outcome);
                  }
                  if (done.service) {
                    // No raw value leaves the worker: classified, redacted and assessed here,
                    // and the samples dropped before the record is queued.
                    auto& s = *done.service;
                    if (auto c = run_service_stage(shared_.classify, s.record, s.samples); !c) {
                      done.stage_error = c.error();
                    }
                    s.samples.clear();
                  }
                  shared_.results.push(std::move(done));
                  schedule_pump({});
                });
}

}  // namespace lw::pipeline
