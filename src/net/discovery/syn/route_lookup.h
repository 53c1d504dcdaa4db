#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "net/discovery/syn/tcp_frame.h"

namespace lw::discovery::syn {

// Where raw frames to a destination leave from: the kernel's own choice, read over rtnetlink.
struct Route {
  int interface_index = 0;
  std::string interface;
  MacAddress interface_mac{};
  std::uint32_t source_ip = 0;           // host byte order
  std::optional<std::uint32_t> gateway;  // none when the destination is on-link
  std::uint32_t destination = 0;         // the address the route was asked for
  std::uint32_t next_hop() const { return gateway.value_or(destination); }
};

// The route the kernel would use to reach `destination` (RTM_GETROUTE). Fails with not_found
// when there is none, and with invalid_argument when it is one of this host's own addresses.
Result<Route> lookup_route(std::uint32_t destination);

// The link-layer address of `ip` on `interface_index` from the neighbour table (RTM_GETNEIGH).
// When there is no usable entry, one UDP datagram to the discard port of `ip` from `source_ip`
// makes the kernel resolve it, and the table is polled for up to `wait_ms`.
Result<MacAddress> lookup_neighbour(int interface_index, std::uint32_t ip, std::uint32_t source_ip,
                                    int wait_ms = 1000);

// An interface by name: its index and hardware address.
Result<Route> describe_interface(const std::string& name);

std::string format_mac(const MacAddress& mac);
Result<MacAddress> parse_mac(const std::string& text);

}  // namespace lw::discovery::syn
