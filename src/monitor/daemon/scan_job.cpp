#include "monitor/daemon/scan_job.h"

#include <sys/resource.h>

#include <algorithm>
#include <random>
#include <set>
#include <thread>

#include "net/discovery/resolver.h"
#include "net/discovery/target_set.h"
#include "pipeline/known_services.h"
#include "pipeline/scan_runner.h"

namespace lw::monitor::daemon {
namespace {

// "a.b.c.d:p", "[v6]:p" or "host:p" as (target, port); anything else is a target alone.
std::pair<std::string, std::optional<std::uint16_t>> split_service(const std::string& t) {
  auto port_of = [](std::string_view s) -> std::optional<std::uint16_t> {
    if (s.empty() || s.size() > 5) return std::nullopt;
    unsigned v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v == 0 || v > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(v);
  };
  if (!t.empty() && t.front() == '[') {
    const auto close = t.find("]:");
    if (close != std::string::npos) {
      if (auto p = port_of(std::string_view(t).substr(close + 2)))
        return {t.substr(1, close - 1), p};
    }
    return {t, std::nullopt};
  }
  const auto colon = t.find(':');
  if (colon != std::string::npos && t.find(':', colon + 1) == std::string::npos) {
    if (auto p = port_of(std::string_view(t).substr(colon + 1))) return {t.substr(0, colon), p};
  }
  return {t, std::nullopt};
}

const Asset* asset_named(const Config& config, std::string_view name, std::size_t* index) {
  for (std::size_t i = 0; i < config.assets.size(); ++i) {
    if (config.assets[i].name == name) {
      *index = i;
      return &config.assets[i];
    }
  }
  return nullptr;
}

Result<discovery::TargetSet> explicit_targets(const std::vector<std::string>& tokens) {
  // Named explicitly by the owner's config or `leakwatch rescan`: loopback and private ranges
  // are allowed, as the config allows them.
  discovery::TargetSetBuilder builder({true, true}, discovery::system_resolve);
  for (const auto& t : tokens) {
    if (auto ok = builder.include({t, "rescan"}); !ok) return tl::unexpected(ok.error());
  }
  return builder.finish();
}

// What one lane's scan may hold open: kMaxLaneConcurrency, and at most half of what this process
// may open, less room for the catalog connections, the log and the notifiers (two scan lanes).
std::uint32_t lane_concurrency_cap() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) {
    return kMaxLaneConcurrency;
  }
  const auto cur = static_cast<std::uint64_t>(lim.rlim_cur);
  const std::uint64_t cap = cur > 512 ? (cur - 256) / 2 : std::max<std::uint64_t>(cur / 4, 1);
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(cap, kMaxLaneConcurrency));
}

}  // namespace

std::string_view to_string(ScanKind kind) noexcept {
  switch (kind) {
    case ScanKind::manual:
      return "manual";
    case ScanKind::rescan:
      return "rescan";
    case ScanKind::sweep:
      return "sweep";
  }
  return "sweep";
}

Result<pipeline::ScanConfig> scan_config_for(std::span<const PlannedScan> work,
                                             const Config& config, const ScanEnvironment& env) {
  if (work.empty()) return fail(ErrorCode::invalid_argument, "nothing to scan");
  pipeline::ScanConfig c;
  const PlannedScan& first = work.front();
  double rate = 0;
  for (const auto& w : work) rate += w.rate;
  if (first.kind == ScanKind::sweep) {
    std::size_t i = 0;
    const Asset* asset = asset_named(config, first.asset, &i);
    if (asset == nullptr || i >= config.asset_targets.size()) {
      return fail(ErrorCode::not_found, "no asset named '" + first.asset + "'");
    }
    c.ranges = config.asset_targets[i].ranges;
    c.names = config.asset_targets[i].names;
    c.ports = asset->ports.empty() ? env.data_ports : asset->ports;
  } else if (first.kind == ScanKind::rescan) {
    std::vector<std::string> tokens;
    std::set<std::uint16_t> ports;
    std::vector<std::pair<Address, std::uint16_t>> endpoints;
    for (const auto& w : work) {
      for (const auto& t : w.targets) {
        auto a = Address::parse(t);
        if (!a) continue;
        tokens.push_back(t);
        for (auto p : w.ports) {
          endpoints.emplace_back(*a, p);
          ports.insert(p);
        }
      }
    }
    if (endpoints.empty()) return fail(ErrorCode::invalid_argument, "no service to rescan");
    auto set = explicit_targets(tokens);
    if (!set) return tl::unexpected(set.error());
    c.ranges = std::move(set->ranges);
    std::sort(endpoints.begin(), endpoints.end());
    endpoints.erase(std::unique(endpoints.begin(), endpoints.end()), endpoints.end());
    c.endpoints = std::move(endpoints);
    c.ports.assign(ports.begin(), ports.end());
  } else {
    auto [target, port] = split_service(first.targets.empty() ? "" : first.targets.front());
    auto set = explicit_targets({target});
    if (!set) return tl::unexpected(set.error());
    if (set->ranges.empty()) return fail(ErrorCode::invalid_argument, "no address to scan");
    c.ranges = std::move(set->ranges);
    c.names = std::move(set->names);
    if (port) {
      c.ports = {*port};
    } else if (!first.ports.empty()) {
      c.ports = first.ports;
    } else {
      const std::string address = c.ranges.front().first.to_string();
      const Asset* asset = asset_for(config, address, {target});
      c.ports = asset != nullptr && !asset->ports.empty() ? asset->ports : env.data_ports;
    }
  }
  std::sort(c.ports.begin(), c.ports.end());
  c.ports.erase(std::unique(c.ports.begin(), c.ports.end()), c.ports.end());
  c.seed = (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
  c.workers = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  c.rate = rate > 0 ? rate : config.scheduling.global_rate;
  c.concurrency = std::min(config.scheduling.concurrency, lane_concurrency_cap());
  return c;
}

Result<ScanOutcome> run_planned_scan(std::span<const PlannedScan> work, const Config& config,
                                     const ScanEnvironment& env, catalog::Catalog& catalog,
                                     Logger* log, const std::atomic<bool>& stop,
                                     const FoundOpenFn& found_open) {
  auto scan_config = scan_config_for(work, config, env);
  if (!scan_config) return tl::unexpected(scan_config.error());
  const PlannedScan& first = work.front();
  catalog::ScanInfo scan;
  scan.id = pipeline::new_scan_id();
  scan.config_json = pipeline::to_json(*scan_config).dump();
  scan.started_ms = wall_ms();
  std::vector<std::string> notes;
  auto seen = pipeline::known_services(catalog, *scan_config, notes);
  if (!seen) return tl::unexpected(seen.error());
  pipeline::ScanHooks hooks;
  hooks.classify = env.classify;
  hooks.seen_before = std::move(*seen);
  // Fast and manual rescans look at known services (open, or to prove a fix): always connect.
  std::optional<SweepDiscovery::Lease> lease;
  if (first.kind == ScanKind::sweep && env.discovery != nullptr) {
    std::size_t index = 0;
    const Asset* swept = asset_named(config, first.asset, &index);
    const Discovery mode = swept != nullptr ? discovery_of(config, *swept) : Discovery::connect;
    auto prepared = env.discovery->prepare(mode, first.asset, *scan_config, log);
    if (!prepared) return tl::unexpected(prepared.error());
    lease.emplace(std::move(*prepared));
    scan.config_json = pipeline::to_json(*scan_config).dump();
  }
  if (auto b = catalog.begin_scan(scan); !b) return tl::unexpected(b.error());
  std::string asset = first.asset;
  if (asset.empty() && !scan_config->ranges.empty()) {
    std::vector<std::string> names;
    for (const auto& [a, n] : scan_config->names) names.push_back(n);
    if (const Asset* a = asset_for(config, scan_config->ranges.front().first.to_string(), names)) {
      asset = a->name;
    }
  }
  ScanProgress progress{scan.id, std::string(to_string(first.kind)), asset};
  const auto report = [&](const pipeline::ScanCounters& c, bool finished) {
    if (!env.on_progress) return;
    progress.targets_total = c.targets_total;
    progress.targets_done = c.targets_done;
    progress.services_open = c.services_open;
    progress.elapsed_s = c.elapsed_s;
    progress.discovery = scan_config->discovery;
    progress.finished = finished;
    env.on_progress(progress);
  };
  std::vector<catalog::ServiceRef> open_since;
  if (found_open) {
    hooks.on_committed = [&open_since](const ServiceRecord& r, std::string_view) {
      if (r.verdict.kind != VerdictKind::open) return;
      open_since.push_back({r.address.to_string(), r.port, std::string(to_string(r.transport))});
    };
  }
  hooks.on_progress = [&](const pipeline::ScanCounters& c) {
    report(c, false);
    if (!found_open || open_since.empty()) return;
    found_open(std::move(open_since));
    open_since.clear();
  };
  nlohmann::json fields{{"kind", to_string(first.kind)},
                        {"asset", asset},
                        {"scan_id", scan.id},
                        {"targets", work.size() == 1 ? first.targets.size() : work.size()},
                        {"ports", scan_config->ports.size()},
                        {"rate", scan_config->rate},
                        {"discovery", scan_config->discovery}};
  if (log != nullptr) log->info("scan_started", fields);
  auto result = pipeline::run_scan(*scan_config, scan, catalog, env.probes, hooks, stop,
                                   lease ? lease->scanner() : nullptr);
  if (!result) {
    (void)catalog.set_scan_status(scan.id, catalog::ScanStatus::interrupted, wall_ms());
    report({}, true);
    return tl::unexpected(result.error());
  }
  report(result->counters, true);
  ScanOutcome out;
  out.scan_id = scan.id;
  out.interrupted = result->interrupted;
  const auto status =
      out.interrupted ? catalog::ScanStatus::interrupted : catalog::ScanStatus::done;
  if (auto s = catalog.set_scan_status(scan.id, status, wall_ms()); !s) {
    return tl::unexpected(s.error());
  }
  auto records = catalog.scan_records(scan.id);
  if (!records) return tl::unexpected(records.error());
  for (const auto& r : *records) {
    catalog::ServiceRef ref;
    ref.address = r.address.to_string();
    ref.port = r.port;
    ref.transport = std::string(to_string(r.transport));
    out.services.push_back(std::move(ref));
    if (r.verdict.kind == VerdictKind::open) ++out.open;
  }
  fields["services"] = out.services.size();
  fields["open"] = out.open;
  fields["interrupted"] = out.interrupted;
  fields["elapsed_s"] = result->counters.elapsed_s;
  if (log != nullptr) log->info("scan_finished", fields);
  return out;
}

}  // namespace lw::monitor::daemon
