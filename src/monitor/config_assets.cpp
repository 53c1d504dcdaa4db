#include <algorithm>
#include <array>
#include <set>

#include "core/address.h"
#include "core/ascii.h"
#include "core/bytes.h"
#include "monitor/config_parts.h"

namespace lw::monitor {

namespace {

constexpr std::array<std::string_view, 5> kSeverities{"", "low", "medium", "high", "critical"};

Result<Discovery> read_discovery(FieldReader& r, const Field& f) {
  auto v = r.text(f, 16);
  if (!v) return tl::unexpected(v.error());
  for (auto d : {Discovery::automatic, Discovery::syn, Discovery::connect}) {
    if (*v == to_string(d)) return d;
  }
  return r.error(f, "'" + printable(*v) + "' is not a discovery (auto, syn, connect)");
}

Result<discovery::TargetSet> read_targets(FieldReader& r, const Field& at,
                                          const ConfigOptions& options) {
  auto n = r.sequence(at, kMaxTargetsPerAsset);
  if (!n) return tl::unexpected(n.error());
  if (*n == 0) return r.error(at, "an asset needs at least one target");
  // Owners name their own networks: loopback and private ranges are what they watch.
  discovery::TargetSetBuilder builder({true, true}, options.resolve);
  for (std::size_t i = 0; i < *n; ++i) {
    const Field t = r.item(at, i);
    auto token = r.text(t, 256);
    if (!token) return tl::unexpected(token.error());
    auto added = builder.include({*token, r.where(t)});
    if (!added) return r.error(t, added.error().message);
  }
  auto set = builder.finish();
  if (!set) return r.error(at, set.error().message);
  return set;
}

Result<Asset> read_asset(FieldReader& r, const Field& at, const ConfigOptions& options,
                         discovery::TargetSet& targets) {
  if (auto m = r.check_map(at, {"name", "targets", "owner", "contacts", "tags", "ports", "cadence",
                                "rate", "discovery"});
      !m) {
    return tl::unexpected(m.error());
  }
  Asset a;
  auto name = read_name(r, at, "asset");
  if (!name) return tl::unexpected(name.error());
  a.name = *name;
  const Field target_field = r.child(at, "targets");
  auto t = read_targets(r, target_field, options);
  if (!t) return tl::unexpected(t.error());
  targets = std::move(*t);
  auto text_targets = r.texts(target_field, kMaxTargetsPerAsset);
  if (!text_targets) return tl::unexpected(text_targets.error());
  a.targets = std::move(*text_targets);
  if (const Field f = r.child(at, "owner"); f.present()) {
    auto v = r.text(f, 256);
    if (!v) return tl::unexpected(v.error());
    a.owner = *v;
  }
  for (auto [key, list] : {std::pair{"contacts", &a.contacts}, std::pair{"tags", &a.tags}}) {
    auto v = r.texts(r.child(at, key), kMaxListItems);
    if (!v) return tl::unexpected(v.error());
    *list = std::move(*v);
  }
  const Field ports = r.child(at, "ports");
  auto count = r.sequence(ports, kMaxListItems);
  if (!count) return tl::unexpected(count.error());
  std::set<std::uint16_t> seen;
  for (std::size_t i = 0; i < *count; ++i) {
    const Field p = r.item(ports, i);
    auto text = r.text(p, 64);
    if (!text) return tl::unexpected(text.error());
    auto v = r.integer(p, 1, 65535);
    if (!v) return r.error(p, printable(*text) + " is not a port (1-65535)");
    if (!seen.insert(static_cast<std::uint16_t>(*v)).second) return r.error(p, "port listed twice");
    a.ports.push_back(static_cast<std::uint16_t>(*v));
  }
  if (const Field f = r.child(at, "cadence"); f.present()) {
    // From 10 s: an owner who wants every exposure seen as soon as the engine allows sweeps
    // back to back (a sweep longer than its cadence starts again as soon as it ends).
    auto v = r.duration(f, std::chrono::seconds(10), std::chrono::seconds(30 * 86400));
    if (!v) return tl::unexpected(v.error());
    a.cadence = *v;
  }
  if (const Field f = r.child(at, "rate"); f.present()) {
    auto v = r.number(f, 0, 1e7);
    if (!v) return tl::unexpected(v.error());
    a.rate = *v;
  }
  if (const Field f = r.child(at, "discovery"); f.present()) {
    auto d = read_discovery(r, f);
    if (!d) return tl::unexpected(d.error());
    a.discovery = *d;
  }
  return a;
}

}  // namespace

Result<void> read_assets(FieldReader& r, const Field& at, const ConfigOptions& options,
                         Config& out) {
  auto n = r.sequence(at, kMaxAssets);
  if (!n) return tl::unexpected(n.error());
  if (*n == 0) return r.error(at, "declare at least one asset (a named network to watch)");
  // An asset's resolved targets go beside it; a refused config is dropped whole.
  return read_named_list(r, at, kMaxAssets, "asset", out.assets, [&](const Field& f) {
    discovery::TargetSet targets;
    auto a = read_asset(r, f, options, targets);
    if (a) out.asset_targets.push_back(std::move(targets));
    return a;
  });
}

Result<void> read_scheduling(FieldReader& r, const Field& at, Scheduling& out) {
  if (!at.present()) return {};
  if (auto m = r.check_map(at, {"global_rate", "concurrency", "max_sweeps", "open_rescan",
                                "changed_rescan", "discovery"});
      !m) {
    return m;
  }
  if (const Field f = r.child(at, "global_rate"); f.present()) {
    auto v = r.number(f, 1, 1e7);
    if (!v) return tl::unexpected(v.error());
    out.global_rate = *v;
  }
  if (const Field f = r.child(at, "concurrency"); f.present()) {
    auto v = r.integer(f, 1, 65536);
    if (!v) return tl::unexpected(v.error());
    out.concurrency = static_cast<std::uint32_t>(*v);
  }
  if (const Field f = r.child(at, "max_sweeps"); f.present()) {
    auto v = r.integer(f, 1, 64);
    if (!v) return tl::unexpected(v.error());
    out.max_sweeps = static_cast<std::uint32_t>(*v);
  }
  for (auto [key, value] : {std::pair{"open_rescan", &out.open_rescan},
                            std::pair{"changed_rescan", &out.changed_rescan}}) {
    if (const Field f = r.child(at, key); f.present()) {
      auto v = r.duration(f, std::chrono::seconds(5), std::chrono::seconds(86400));
      if (!v) return tl::unexpected(v.error());
      *value = *v;
    }
  }
  if (const Field f = r.child(at, "discovery"); f.present()) {
    auto d = read_discovery(r, f);
    if (!d) return tl::unexpected(d.error());
    out.discovery = *d;
  }
  return {};
}

std::string_view to_string(Discovery d) noexcept {
  switch (d) {
    case Discovery::syn:
      return "syn";
    case Discovery::connect:
      return "connect";
    case Discovery::automatic:
      return "auto";
  }
  return "auto";
}

Discovery discovery_of(const Config& c, const Asset& a) {
  return a.discovery.value_or(c.scheduling.discovery);
}

std::string summarize(const Config& c) {
  auto count = [](std::size_t n, const char* what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  return count(c.assets.size(), "asset") + ", " + count(c.rules.size(), "rule") + ", " +
         count(c.channels.size(), "channel");
}

const Asset* asset_for(const Config& c, std::string_view address,
                       const std::vector<std::string>& names) {
  const auto parsed = Address::parse(address);
  for (std::size_t i = 0; i < c.assets.size() && i < c.asset_targets.size(); ++i) {
    const auto& set = c.asset_targets[i];
    if (parsed) {
      const auto it =
          std::upper_bound(set.ranges.begin(), set.ranges.end(), *parsed,
                           [](const Address& a, const AddressRange& r) { return a < r.first; });
      if (it != set.ranges.begin() && std::prev(it)->contains(*parsed)) return &c.assets[i];
    }
    for (const auto& target : c.assets[i].targets) {
      for (const auto& n : names) {
        if (ascii_lower(n) == ascii_lower(target)) return &c.assets[i];
      }
    }
  }
  return nullptr;
}

int severity_level(std::string_view severity) noexcept {
  for (std::size_t i = 0; i < kSeverities.size(); ++i) {
    if (kSeverities[i] == severity) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace lw::monitor
