#include "monitor/daemon/daemon.h"

#include <algorithm>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "monitor/daemon/delivery.h"
#include "monitor/daemon/delivery_lane.h"
#include "monitor/daemon/evaluate.h"
#include "monitor/daemon/queue.h"
#include "monitor/daemon/scan_job.h"
#include "monitor/daemon/scan_lane.h"
#include "monitor/daemon/schedule_input.h"
#include "monitor/daemon/signals.h"
#include "pipeline/classifier_setup.h"
#include "pipeline/probe_selection.h"

namespace lw::monitor::daemon {
namespace {

// The loop never sleeps longer than this (a signal wakes it at once through the self-pipe).
constexpr std::int64_t kMaxSleepMs = 1000;
// With nothing due, the plan is made again after this long anyway (a reload, the rescan queue).
constexpr std::int64_t kIdlePlanMs = 60'000;
// Plans are made at most this often, whatever wakes the loop.
constexpr std::int64_t kMinPlanGapMs = 200;
// A sweep that could not start (its asset's targets no longer build a scan) waits this long.
constexpr std::int64_t kSweepFailureBackoffMs = 60'000;

struct Connections {
  std::unique_ptr<catalog::Catalog> catalog;
  std::unique_ptr<catalog::MonitorStore> store;
};

Result<Connections> connect(const std::string& location) {
  auto c = catalog::open_catalog(location);
  if (!c) return tl::unexpected(c.error());
  auto m = catalog::open_monitor_store(location);
  if (!m) return tl::unexpected(m.error());
  return Connections{std::move(*c), std::move(*m)};
}

class Daemon {
 public:
  Daemon(Config config, const DaemonOptions& options, Logger& log, notify::Notifier& notifier)
      : config_(std::make_shared<const Config>(std::move(config))),
        options_(options),
        log_(log),
        notifier_(notifier) {}

  Result<DaemonResult> run() {
    auto main = connect(config_->catalog);
    if (!main) return tl::unexpected(main.error());
    main_ = std::move(*main);
    const auto all = probes::builtin_probes();
    auto selected = pipeline::select_probes(all, {});
    if (!selected) return tl::unexpected(selected.error());
    env_.probes = std::move(*selected);
    env_.data_ports = pipeline::data_ports(all);
    auto classify = pipeline::make_keyed_classification(options_.key_file, options_.pattern_cache);
    if (!classify) return tl::unexpected(classify.error());
    env_.classify = std::move(*classify);
    env_.on_progress = options_.on_scan_progress;
    env_.discovery = options_.discovery;
    if (options_.on_config) options_.on_config(config_);
    log_.info("started", {{"config", options_.config_path},
                          {"catalog_kind",
                           catalog::is_postgres_url(config_->catalog) ? "postgresql" : "sqlite"},
                          {"assets", config_->assets.size()},
                          {"rules", config_->rules.size()},
                          {"channels", config_->channels.size()},
                          {"once", options_.once},
                          {"syn_discovery", syn_unavailable().empty()}});
    // Said once: without the sockets, every sweep whose asset says auto connects.
    if (!syn_unavailable().empty() && wants_syn(*config_)) {
      log_.warn("discovery", {{"discovery", "connect"}, {"reason", syn_unavailable()}});
    }
    // What a crash left unevaluated: the events after the cursor.
    if (auto ok = evaluate({}, *main_.catalog, *main_.store); !ok)
      return tl::unexpected(ok.error());
    // Manual rescans a previous run took but never finished (it was stopped or killed during
    // their scan) wait again, before the first plan takes any.
    auto requeued = main_.store->requeue_unfinished_rescans();
    if (!requeued) return tl::unexpected(requeued.error());
    if (*requeued > 0) log_.info("rescans_requeued", {{"count", *requeued}});
    auto result = options_.once ? run_once() : run_loop();
    log_.info("stopping", {{"abandoned", result && result->abandoned}});
    return result;
  }

 private:
  // Why sweeps cannot use SYN discovery ("" when they can).
  std::string syn_unavailable() const {
    if (options_.discovery == nullptr) return "the daemon was started without SYN discovery";
    return options_.discovery->unavailable();
  }

  std::shared_ptr<const Config> config() const {
    std::lock_guard lock(config_mutex_);
    return config_;
  }

  Result<void> evaluate(std::span<const catalog::ServiceRef> touched, catalog::Catalog& cat,
                        catalog::MonitorStore& store) {
    const auto cfg = config();
    std::lock_guard lock(eval_mutex_);
    EvaluationContext ctx{cfg.get(), &cat, &store, &log_};
    auto stats = evaluate_services(ctx, touched, wall_ms());
    if (!stats) return tl::unexpected(stats.error());
    return {};
  }

  // One batch of a lane (or of --once): the scan, then the evaluation of what it touched. A
  // sweep's start and end go to the schedule, so a restart does not sweep from zero.
  Result<void> scan_and_evaluate(const ScanLane::Batch& batch, catalog::Catalog& cat,
                                 catalog::MonitorStore& store) {
    const auto cfg = config();
    const auto started = wall_ms();
    const bool sweep = batch.front().kind == ScanKind::sweep;
    if (sweep) {
      if (auto ok = record_sweep_start(store, batch.front().asset, started); !ok) return ok;
    }
    if (batch.front().kind == ScanKind::rescan) {
      // Taken now, whatever the scan's fate: a failing rescan is not planned again at once.
      std::lock_guard lock(memory_mutex_);
      for (const auto& w : batch) {
        for (const auto& t : w.targets) {
          for (auto p : w.ports) memory_.last_scanned[service_memory_key(t, p)] = started;
        }
      }
    }
    // What a sweep finds open is evaluated as it is found, not when the sweep ends: on a /16
    // that is up to a minute sooner. The end's evaluation of everything it touched repeats
    // nothing (no change, no notification).
    std::optional<Error> found_failed;
    FoundOpenFn found_open;
    if (sweep) {
      found_open = [&](std::vector<catalog::ServiceRef> refs) {
        if (found_failed) return;
        if (auto ok = evaluate(refs, cat, store); !ok) {
          found_failed = ok.error();
          return;
        }
        Signals::wake();
      };
    }
    auto outcome =
        run_planned_scan(batch, *cfg, env_, cat, &log_, Signals::stop_flag(), found_open);
    if (found_failed) return tl::unexpected(*found_failed);
    if (!outcome) {
      if (outcome.error().code == ErrorCode::database) return tl::unexpected(outcome.error());
      log_.error("scan_failed", {{"kind", to_string(batch.front().kind)},
                                 {"asset", batch.front().asset},
                                 {"error", outcome.error().describe()}});
      if (sweep) {
        std::lock_guard lock(memory_mutex_);
        sweep_backoff_[batch.front().asset] = steady_ms() + kSweepFailureBackoffMs;
      }
      return finish_manual(batch, store);  // logged; asking again is the requester's call
    }
    {
      std::lock_guard lock(memory_mutex_);
      for (const auto& s : outcome->services) {
        memory_.last_scanned[service_memory_key(s.address, s.port)] = started;
      }
    }
    if (auto ok = evaluate(outcome->services, cat, store); !ok) return ok;
    if (outcome->interrupted) return {};  // a manual request stays taken: requeued at start
    if (sweep) return record_sweep_done(store, batch.front().asset, started, wall_ms());
    return finish_manual(batch, store);
  }

  static Result<void> finish_manual(const ScanLane::Batch& batch, catalog::MonitorStore& store) {
    for (const auto& s : batch) {
      if (s.kind != ScanKind::manual || s.request_id == 0) continue;
      if (auto ok = store.finish_rescan(s.request_id); !ok) return ok;
    }
    return {};
  }

  void lane_run(const ScanLane::Batch& batch, catalog::Catalog& cat, catalog::MonitorStore& store) {
    auto ok = scan_and_evaluate(batch, cat, store);
    if (batch.front().kind == ScanKind::sweep) {
      std::lock_guard lock(memory_mutex_);
      memory_.running_sweeps.erase(batch.front().asset);
    }
    lane_done_.store(true);
    if (!ok) fatal(ok.error());
    Signals::wake();
  }

  void fatal(const Error& e) {
    {
      std::lock_guard lock(fatal_mutex_);
      if (!fatal_) fatal_ = e;
    }
    log_.error("catalog_failed", {{"error", e.describe()}});
    Signals::request_stop();
  }

  Result<ScheduleData> schedule(bool take_manual) {
    ScheduleMemory memory;
    {
      std::lock_guard lock(memory_mutex_);
      memory = memory_;
    }
    return read_schedule(*config(), *main_.catalog, *main_.store, memory, wall_ms(), take_manual);
  }

  Result<DaemonResult> run_once() {
    auto data = schedule(true);
    if (!data) return tl::unexpected(data.error());
    const auto cfg = config();
    const auto plan = plan_scans(data->input(*cfg, wall_ms()));
    ScanLane::Batch rescans;
    for (const auto& s : plan.scans) {
      if (Signals::stop_requested()) break;
      if (s.kind == ScanKind::rescan) {
        rescans.push_back(s);
        continue;
      }
      if (auto ok = scan_and_evaluate({s}, *main_.catalog, *main_.store); !ok) {
        return tl::unexpected(ok.error());
      }
    }
    if (!rescans.empty() && !Signals::stop_requested()) {
      if (auto ok = scan_and_evaluate(rescans, *main_.catalog, *main_.store); !ok) {
        return tl::unexpected(ok.error());
      }
    }
    auto queued = queue_ready_groups(*cfg, *main_.store, &log_, wall_ms(), true);
    if (!queued) return tl::unexpected(queued.error());
    auto sent = deliver_due(*cfg, *main_.store, notifier_, &log_, wall_ms(), Signals::stop_flag());
    if (!sent) return tl::unexpected(sent.error());
    return DaemonResult{};
  }

  void reload() {
    auto next = load_config(options_.config_path);
    if (!next) {
      log_.warn("config_rejected", {{"error", next.error().describe()}});
      return;
    }
    if (auto ok = check_syn_available(*next, syn_unavailable()); !ok) {
      log_.warn("config_rejected", {{"error", ok.error().describe()}});
      return;
    }
    const auto old = config();
    // The lanes hold connections to the catalog: a new location takes effect at the next start.
    const bool catalog_kept = next->catalog != old->catalog;
    next->catalog = old->catalog;
    log_.set_format(next->log_format);
    auto fresh = std::make_shared<const Config>(std::move(*next));
    log_.info("config_reloaded", {{"assets", fresh->assets.size()},
                                  {"rules", fresh->rules.size()},
                                  {"channels", fresh->channels.size()},
                                  {"catalog_change_ignored", catalog_kept}});
    if (!syn_unavailable().empty() && wants_syn(*fresh) && !wants_syn(*old)) {
      log_.warn("discovery", {{"discovery", "connect"}, {"reason", syn_unavailable()}});
    }
    if (options_.on_config) options_.on_config(fresh);
    std::lock_guard lock(config_mutex_);
    config_ = std::move(fresh);
  }

  // Hands the plan's work to the lanes: sweeps not already under way to the sweep lane, the
  // manual rescans (one scan each) and the batch of fast rescans to the rescan lane when it is
  // free (a rescan skipped now is planned again as soon as it is).
  void dispatch(const Plan& plan, ScanLane& sweeps, ScanLane& rescans, bool rescan_idle) {
    ScanLane::Batch fast;
    for (const auto& s : plan.scans) {
      if (s.kind == ScanKind::sweep) {
        std::lock_guard lock(memory_mutex_);
        if (auto b = sweep_backoff_.find(s.asset); b != sweep_backoff_.end()) {
          if (steady_ms() < b->second) continue;
          sweep_backoff_.erase(b);
        }
        if (!memory_.running_sweeps.insert(s.asset).second) continue;
        sweeps.submit({s});
      } else if (s.kind == ScanKind::manual) {
        rescans.submit({s});
      } else if (rescan_idle) {
        fast.push_back(s);
      }
    }
    if (!fast.empty()) rescans.submit(std::move(fast));
  }

  Result<DaemonResult> run_loop() {
    const auto location = config()->catalog;
    auto sweep_conn = connect(location);
    if (!sweep_conn) return tl::unexpected(sweep_conn.error());
    auto rescan_conn = connect(location);
    if (!rescan_conn) return tl::unexpected(rescan_conn.error());
    auto delivery_store = catalog::open_monitor_store(location);
    if (!delivery_store) return tl::unexpected(delivery_store.error());
    auto delivery = std::make_unique<DeliveryLane>(
        std::move(*delivery_store), [this] { return config(); }, notifier_, log_,
        [this](const Error& e) { fatal(e); });
    auto run = [this](const ScanLane::Batch& b, catalog::Catalog& c, catalog::MonitorStore& s) {
      lane_run(b, c, s);
    };
    auto sweep_lane = std::make_unique<ScanLane>("sweep", std::move(sweep_conn->catalog),
                                                 std::move(sweep_conn->store), run);
    auto rescan_lane = std::make_unique<ScanLane>("rescan", std::move(rescan_conn->catalog),
                                                  std::move(rescan_conn->store), run);
    sweep_lane->start();
    rescan_lane->start();
    delivery->start();

    // When to plan again is kept on the monotonic clock: a step of the wall clock (back an
    // hour) must not leave the loop waiting for a wall-clock time that is now far away. Wall
    // times of the plan are turned into delays, at most kIdlePlanMs.
    std::int64_t next_plan = 0;  // steady ms
    std::int64_t last_plan = std::numeric_limits<std::int64_t>::min() / 2;
    while (!Signals::stop_requested()) {
      if (Signals::take_reload()) {
        reload();
        next_plan = 0;
      }
      const std::int64_t now = wall_ms();
      const std::int64_t tick = steady_ms();
      const bool rescan_idle = rescan_lane->idle();
      const bool gap_passed = tick - last_plan >= kMinPlanGapMs;
      bool plan_now = gap_passed && (tick >= next_plan || lane_done_.exchange(false));
      if (!plan_now && rescan_idle && gap_passed) {
        auto waiting = main_.store->pending_rescans();
        if (!waiting) {
          fatal(waiting.error());
          break;
        }
        plan_now = *waiting > 0;
      }
      if (plan_now) {
        auto data = schedule(rescan_idle);
        if (!data) {
          fatal(data.error());
          break;
        }
        const auto cfg = config();
        const auto plan = plan_scans(data->input(*cfg, now));
        dispatch(plan, *sweep_lane, *rescan_lane, rescan_idle);
        const std::int64_t delay = plan.next_due_ms ? *plan.next_due_ms - now : kIdlePlanMs;
        next_plan = tick + std::clamp<std::int64_t>(delay, 0, kIdlePlanMs);
        last_plan = tick;
      }
      // Under the evaluation's lock: both rewrite alert rows, and neither may undo the other.
      auto queued = [&] {
        std::lock_guard lock(eval_mutex_);
        return queue_ready_groups(*config(), *main_.store, &log_, wall_ms(), false);
      }();
      if (!queued) {
        fatal(queued.error());
        break;
      }
      if (queued->notifications > 0) delivery->poke();
      // Never earlier than the plan gap allows: a plan already due waits for it, not in a spin.
      std::int64_t plan_at = std::max(next_plan, last_plan + kMinPlanGapMs);
      if (lane_done_.load()) plan_at = last_plan + kMinPlanGapMs;
      std::int64_t sleep = std::clamp<std::int64_t>(plan_at - steady_ms(), 0, kMaxSleepMs);
      if (queued->next_group_ms) {
        sleep = std::clamp<std::int64_t>(*queued->next_group_ms - wall_ms(), 0, sleep);
      }
      Signals::wait(std::chrono::milliseconds(sleep));
    }

    // Stop: the scans see the stop flag and end interrupted; a delivery in flight finishes
    // within the grace or is abandoned (its row stays pending, resent under the same key).
    const auto deadline = std::chrono::steady_clock::now() + kStopGrace;
    bool abandoned = !delivery->join_until(deadline);
    const auto left = [&] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(std::max(
          deadline - std::chrono::steady_clock::now(), std::chrono::steady_clock::duration(0)));
    };
    if (!sweep_lane->join_within(left())) abandoned = true;
    if (!rescan_lane->join_within(left())) abandoned = true;
    if (abandoned) {
      // A lane still runs on this memory: it is left alone, and the caller ends the process.
      (void)delivery.release();
      (void)sweep_lane.release();
      (void)rescan_lane.release();
    }
    std::lock_guard lock(fatal_mutex_);
    if (fatal_) return tl::unexpected(*fatal_);
    return DaemonResult{abandoned};
  }

  mutable std::mutex config_mutex_;
  std::shared_ptr<const Config> config_;
  const DaemonOptions& options_;
  Logger& log_;
  notify::Notifier& notifier_;
  ScanEnvironment env_;
  Connections main_;
  std::mutex eval_mutex_;
  std::mutex memory_mutex_;
  ScheduleMemory memory_;
  std::map<std::string, std::int64_t> sweep_backoff_;  // asset -> no sweep before (steady)
  std::atomic<bool> lane_done_{false};
  std::mutex fatal_mutex_;
  std::optional<Error> fatal_;
};

}  // namespace

Result<DaemonResult> run_daemon(Config config, const DaemonOptions& options, Logger& log,
                                notify::Notifier& notifier) {
  // The daemon outlives its lanes only when they end in time; when one is abandoned the
  // process ends right after (DaemonResult::abandoned), so the object is never destroyed
  // under a running lane.
  auto daemon = std::make_unique<Daemon>(std::move(config), options, log, notifier);
  auto result = daemon->run();
  if (result && result->abandoned) {
    (void)daemon.release();
  }
  return result;
}

}  // namespace lw::monitor::daemon
