#include "pipeline/syn_link.h"

#include <optional>

#include "net/discovery/syn/route_lookup.h"

namespace lw::pipeline {
namespace {

using namespace discovery::syn;

// Route checks per scan: each range's first and last address, for at most this many ranges (a
// long -iL list is not looked up address by address).
constexpr std::size_t kMaxRangesChecked = 4096;

std::string ip_text(std::uint32_t ip) {
  return Address::v4_from(ip).to_string();
}

Result<Route> common_route(const ScanConfig& config, std::vector<std::string>& notes) {
  std::optional<Route> first;
  std::size_t checked = 0;
  for (const auto& r : config.ranges) {
    if (checked++ == kMaxRangesChecked) {
      notes.push_back("SYN discovery: routes checked for the first 4096 target ranges only");
      break;
    }
    for (const auto& a : {r.first, r.last}) {
      if (a.v6) {
        return fail(ErrorCode::unsupported, "SYN discovery is IPv4 only; use connect discovery",
                    "target " + a.to_string());
      }
      auto route = lookup_route(a.v4());
      if (!route) {
        return fail(route.error().code,
                    route.error().message + "; a target outside every route cannot be scanned",
                    "target " + a.to_string());
      }
      if (!first) {
        first = *route;
        continue;
      }
      if (route->interface_index != first->interface_index || route->gateway != first->gateway) {
        return fail(ErrorCode::invalid_argument,
                    "targets " + ip_text(first->destination) + " and " + a.to_string() +
                        " leave by different routes (" + first->interface + " and " +
                        route->interface + "); scan them separately",
                    "targets");
      }
    }
  }
  if (!first) return fail(ErrorCode::invalid_argument, "no targets", "targets");
  return *first;
}

std::uint64_t address_count(const ScanConfig& config) {
  u128 n = 0;
  for (const auto& r : config.ranges) n += r.size();
  return static_cast<std::uint64_t>(n);
}

}  // namespace

Result<SynScanOptions> syn_scan_options(const ScanConfig& config, std::vector<std::string>& notes) {
  const auto& s = config.syn;
  std::optional<std::uint32_t> source_override;
  if (!s.source_ip.empty()) {
    auto a = Address::parse(s.source_ip);
    if (!a || a->v6) {
      return fail(ErrorCode::invalid_argument, "'" + s.source_ip + "' is not an IPv4 address",
                  "--source-ip");
    }
    source_override = a->v4();
  }
  std::optional<MacAddress> mac_override;
  if (!s.gateway_mac.empty()) {
    auto m = parse_mac(s.gateway_mac);
    if (!m) return tl::unexpected(m.error());
    mac_override = *m;
  }
  auto route = common_route(config, notes);
  if (!route) return tl::unexpected(route.error());
  if (!s.interface.empty()) {
    auto given = describe_interface(s.interface);
    if (!given) return tl::unexpected(given.error());
    route->interface_index = given->interface_index;
    route->interface = given->interface;
    route->interface_mac = given->interface_mac;
  }
  if (source_override) route->source_ip = *source_override;

  SynScanOptions options;
  options.link.interface_index = route->interface_index;
  options.link.interface = route->interface;
  options.link.source_mac = route->interface_mac;
  options.link.source_ip = route->source_ip;
  if (mac_override) {
    options.link.next_hop_mac = *mac_override;
  } else {
    // On an on-link route each target is its own next hop: one MAC cannot reach them all.
    if (!route->gateway && address_count(config) > 1) {
      return fail(ErrorCode::invalid_argument,
                  "the targets are on-link on " + route->interface +
                      " (no gateway): give --gateway-mac of the host that answers for them, or "
                      "use --discovery connect",
                  "--discovery syn");
    }
    auto mac = lookup_neighbour(route->interface_index, route->next_hop(), route->source_ip);
    if (!mac) return tl::unexpected(mac.error());
    options.link.next_hop_mac = *mac;
  }
  options.rate = s.rate;
  options.retries = s.retries;
  options.cooldown = s.cooldown;
  options.shard_index = config.shard_index;
  options.shard_count = config.shard_count;
  notes.push_back("SYN discovery on " + route->interface + " from " + ip_text(route->source_ip) +
                  " ports " + std::to_string(options.first_source_port) + "-" +
                  std::to_string(options.first_source_port + options.source_port_count - 1) +
                  " to next hop " + format_mac(options.link.next_hop_mac) +
                  (route->gateway ? " (" + ip_text(*route->gateway) + ")" : std::string()) + ", " +
                  std::to_string(static_cast<long long>(s.rate)) + " SYNs/s, retries " +
                  std::to_string(s.retries));
  return options;
}

}  // namespace lw::pipeline
