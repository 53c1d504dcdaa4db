#include "monitor/daemon/schedule_input.h"

#include <algorithm>
#include <charconv>

namespace lw::monitor::daemon {
namespace {

std::optional<std::int64_t> parse_ms(const std::string& s) {
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

}  // namespace

std::string service_memory_key(std::string_view address, std::uint16_t port) {
  return std::string(address) + "|" + std::to_string(port);
}

ScheduleInput ScheduleData::input(const Config& config, std::int64_t now_ms) const {
  ScheduleInput in;
  in.assets = config.assets;
  in.scheduling = &config.scheduling;
  in.sweeps = sweeps;
  in.services = services;
  in.manual = manual;
  in.now_ms = now_ms;
  return in;
}

Result<ScheduleData> read_schedule(const Config& config, catalog::Catalog& catalog,
                                   catalog::MonitorStore& store, const ScheduleMemory& memory,
                                   std::int64_t now_ms, bool take_manual) {
  ScheduleData d;
  for (const auto& a : config.assets) {
    SweepState s;
    s.asset = a.name;
    s.running = memory.running_sweeps.contains(a.name);
    auto row = store.get_schedule(a.name);
    if (!row) return tl::unexpected(row.error());
    if (*row) s.last_started_ms = parse_ms((*row)->sweep_cursor);
    // Started "in the future": the clock was stepped back; the cadence counts from now.
    if (s.last_started_ms && *s.last_started_ms > now_ms) s.last_started_ms = now_ms;
    d.sweeps.push_back(std::move(s));
  }

  std::map<std::string, std::int64_t> changed;
  auto events = catalog.events(now_ms - static_cast<std::int64_t>(kChangedWatch.count()) * 1000,
                               catalog::kMaxListLimit);
  if (!events) return tl::unexpected(events.error());
  for (const auto& e : *events) {
    auto& t = changed[service_memory_key(e.address, e.port)];
    t = std::max(t, e.time_ms);
  }
  std::set<std::string> added;
  auto watch = [&](const catalog::ServiceRow& row) {
    const auto key = service_memory_key(row.address, row.port);
    const bool open = row.reachable && row.verdict == "open" && row.open_since_ms.has_value();
    const auto ch = changed.find(key);
    if (!open && ch == changed.end()) return true;
    if (!added.insert(key).second) return true;
    const Asset* asset = asset_for(config, row.address, row.names);
    if (asset == nullptr) return true;
    WatchedService w;
    w.asset = asset->name;
    w.address = row.address;
    w.port = row.port;
    w.open = open;
    if (ch != changed.end()) w.changed_ms = ch->second;
    // The daemon's own record of its scans first (it moves even when the catalog's last_seen
    // does not: a service gone); a time after now (the clock was stepped back) is due now.
    const auto m = memory.last_scanned.find(key);
    w.last_scanned_ms = m != memory.last_scanned.end() ? m->second : row.last_seen_ms;
    if (w.last_scanned_ms > now_ms) w.last_scanned_ms = 0;
    d.services.push_back(std::move(w));
    return true;
  };
  if (auto ok = catalog.each_service(watch); !ok) return tl::unexpected(ok.error());

  if (take_manual) {
    auto taken = store.take_rescans(kMaxManualPerPlan, now_ms);
    if (!taken) return tl::unexpected(taken.error());
    for (const auto& r : *taken) d.manual.push_back({r.target, {}, r.requested_ms, r.id});
  }
  return d;
}

Result<void> record_sweep_start(catalog::MonitorStore& store, const std::string& asset,
                                std::int64_t now_ms) {
  auto row = store.get_schedule(asset);
  if (!row) return tl::unexpected(row.error());
  catalog::AssetScheduleRow r = row->value_or(catalog::AssetScheduleRow{});
  r.asset = asset;
  r.last_sweep_started_ms = now_ms;
  return store.put_schedule(r);
}

Result<void> record_sweep_done(catalog::MonitorStore& store, const std::string& asset,
                               std::int64_t started_ms, std::int64_t now_ms) {
  auto row = store.get_schedule(asset);
  if (!row) return tl::unexpected(row.error());
  catalog::AssetScheduleRow r = row->value_or(catalog::AssetScheduleRow{});
  r.asset = asset;
  r.last_sweep_done_ms = now_ms;
  r.sweep_cursor = std::to_string(started_ms);
  return store.put_schedule(r);
}

}  // namespace lw::monitor::daemon
