#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace lw::lint {

// Where a listen or bind address makes a service reachable from.
enum class HostScope {
  loopback,  // 127.0.0.0/8, ::1, localhost, unix sockets, Elasticsearch's _local_
  all,       // every interface: 0.0.0.0, ::, *, [::], an empty host (":8086")
  specific,  // one named non-loopback address or interface: reachable from its network
};

HostScope classify_host(std::string_view host) noexcept;
// True for any scope but loopback.
bool is_exposed(std::string_view host) noexcept;

// Host part of "host:port", "[v6]:port", "scheme://host:port/path" or a bare host.
std::string_view host_of(std::string_view address) noexcept;

// A source address that means "anyone on the internet": *, 0.0.0.0/0, ::/0, Internet, Any.
bool is_internet_source(std::string_view source) noexcept;

// The database ports, in one place: every rule that asks "is this a database port" uses it.
struct DatabasePort {
  std::uint16_t port;
  std::string_view service;
};
std::span<const DatabasePort> database_ports() noexcept;
std::optional<std::string_view> database_service(std::uint16_t port) noexcept;

struct PortRange {
  std::uint16_t first = 0;
  std::uint16_t last = 0;
};
// "5432", "6000-7000", "*", "Any" (all ports) or "0-65535"; nullopt when not a port spec
// (for example an unresolved template expression).
std::optional<PortRange> parse_port_range(std::string_view spec) noexcept;
// The database ports inside a range, in ascending order.
std::vector<DatabasePort> database_ports_in(PortRange range);
// Human text: "5432 (postgresql), 6379 (redis)", shortened after a few entries.
std::string describe_ports(std::span<const DatabasePort> ports);

}  // namespace lw::lint
