#include "monitor/scheduler.h"

#include <algorithm>
#include <limits>

namespace lw::monitor {

namespace {

std::int64_t ms(std::chrono::seconds s) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(s).count();
}

const SweepState* sweep_of(std::span<const SweepState> sweeps, const std::string& asset) {
  for (const auto& s : sweeps) {
    if (s.asset == asset) return &s;
  }
  return nullptr;
}

const Asset* asset_named(std::span<const Asset> assets, const std::string& name) {
  for (const auto& a : assets) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

void note_next(std::optional<std::int64_t>& next, std::int64_t due) {
  if (!next || due < *next) next = due;
}

// Water-filling: `total` split equally across slots, a slot never above its cap (0: no cap),
// what a capped slot leaves going to the others. Bounded: one pass per slot.
std::vector<double> split_rate(double total, const std::vector<double>& caps) {
  std::vector<double> out(caps.size(), 0);
  std::vector<bool> fixed(caps.size(), false);
  double left = total;
  std::size_t open = caps.size();
  for (std::size_t round = 0; round < caps.size() && open > 0; ++round) {
    const double share = left / static_cast<double>(open);
    bool capped = false;
    for (std::size_t i = 0; i < caps.size(); ++i) {
      if (!fixed[i] && caps[i] > 0 && caps[i] <= share) {
        out[i] = caps[i];
        fixed[i] = true;
        left -= caps[i];
        --open;
        capped = true;
      }
    }
    if (!capped) break;
  }
  const double share = open > 0 ? left / static_cast<double>(open) : 0;
  for (std::size_t i = 0; i < caps.size(); ++i) {
    if (!fixed[i]) out[i] = share;
  }
  return out;
}

}  // namespace

Plan plan_scans(const ScheduleInput& in) {
  Plan plan;
  if (in.scheduling == nullptr) return plan;
  const Scheduling& sch = *in.scheduling;
  const std::int64_t now = in.now_ms;

  // 1. Manual rescans, oldest request first.
  std::vector<const ManualRescan*> manual;
  for (const auto& m : in.manual) manual.push_back(&m);
  std::stable_sort(manual.begin(), manual.end(),
                   [](const auto* a, const auto* b) { return a->requested_ms < b->requested_ms; });
  if (manual.size() > kMaxManualPerPlan) {
    manual.resize(kMaxManualPerPlan);
    note_next(plan.next_due_ms, now);  // the rest are due at once
  }
  std::vector<PlannedScan> manual_scans;
  for (const auto* m : manual) {
    manual_scans.push_back(
        {ScanKind::manual, "", {m->target}, m->ports, 0, m->requested_ms, m->request_id});
  }

  // 2. Rescans of open and recently changed services, most overdue first.
  std::vector<PlannedScan> rescans;
  for (const auto& s : in.services) {
    std::optional<std::int64_t> due;
    if (s.open) due = s.last_scanned_ms + ms(sch.open_rescan);
    if (s.changed_ms && now - *s.changed_ms < ms(kChangedWatch)) {
      const auto changed_due = s.last_scanned_ms + ms(sch.changed_rescan);
      if (!due || changed_due < *due) due = changed_due;
    }
    if (!due) continue;
    if (*due > now) {
      note_next(plan.next_due_ms, *due);
      continue;
    }
    rescans.push_back({ScanKind::rescan, s.asset, {s.address}, {s.port}, 0, *due});
  }
  std::stable_sort(rescans.begin(), rescans.end(),
                   [](const auto& a, const auto& b) { return a.due_ms < b.due_ms; });
  if (rescans.size() > kMaxRescanTargetsPerPlan) {
    rescans.resize(kMaxRescanTargetsPerPlan);
    note_next(plan.next_due_ms, now);
  }

  // 3. Full sweeps due by cadence, within max_sweeps running at once.
  std::vector<double> caps;  // one per slot: running sweeps, new sweeps, rescans, manual
  std::size_t running = 0;
  for (const auto& s : in.sweeps) {
    if (!s.running) continue;
    if (const Asset* a = asset_named(in.assets, s.asset)) {
      ++running;
      caps.push_back(a->rate);
    }
  }
  std::vector<PlannedScan> sweeps;
  std::vector<double> sweep_caps;
  for (const auto& a : in.assets) {
    const SweepState* st = sweep_of(in.sweeps, a.name);
    if (st && st->running) continue;
    const std::int64_t due = st && st->last_started_ms ? *st->last_started_ms + ms(a.cadence) : now;
    if (due > now) {
      note_next(plan.next_due_ms, due);
      continue;
    }
    sweeps.push_back({ScanKind::sweep, a.name, a.targets, a.ports, 0, due});
    sweep_caps.push_back(a.rate);
  }
  std::vector<std::size_t> order(sweeps.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return sweeps[x].due_ms < sweeps[y].due_ms;
  });
  const std::size_t free_slots = sch.max_sweeps > running ? sch.max_sweeps - running : 0;
  if (order.size() > free_slots) {
    order.resize(free_slots);
    // The rest start when a running sweep ends; the daemon plans again then.
  }

  // 4. The global rate split across everything that runs together.
  const std::size_t first_new = caps.size();
  for (std::size_t i : order) caps.push_back(sweep_caps[i]);
  // Fast rescans are exactly their (address, port) pairs: capped at what finishes them within a
  // second or so, so a sweep running beside them keeps the rest of the budget (an equal share
  // halved a /16 sweep's rate for a handful of open services).
  const std::size_t rescan_slot = caps.size();
  if (!rescans.empty()) {
    caps.push_back(std::max(kMinRescanRate, 2.0 * static_cast<double>(rescans.size())));
  }
  const std::size_t manual_slot = caps.size();
  if (!manual_scans.empty()) caps.push_back(0);
  const auto rates = split_rate(sch.global_rate, caps);

  for (auto& m : manual_scans) {
    m.rate = rates[manual_slot] / static_cast<double>(manual_scans.size());
    plan.scans.push_back(std::move(m));
  }
  for (auto& r : rescans) {
    r.rate = rates[rescan_slot] / static_cast<double>(rescans.size());
    plan.scans.push_back(std::move(r));
  }
  for (std::size_t k = 0; k < order.size(); ++k) {
    PlannedScan& s = sweeps[order[k]];
    s.rate = rates[first_new + k];
    plan.scans.push_back(std::move(s));
  }
  return plan;
}

}  // namespace lw::monitor
