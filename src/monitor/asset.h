#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lw::monitor {

// How a sweep finds the open ports of its asset (docs/serve.md "Discovery"): `automatic` ("auto"
// in the config) uses stateless SYN discovery when the daemon holds its raw sockets and the
// asset's targets are reachable that way, else the connect engine; `syn` only SYN discovery (the
// daemon refuses to start without CAP_NET_RAW); `connect` only the connect engine.
enum class Discovery { automatic, syn, connect };

// A named network an owner declares in `leakwatch serve`'s config (docs/serve.md).
struct Asset {
  std::string name;
  std::vector<std::string> targets;  // CIDRs, ranges, addresses, host names: what `scan` takes
  std::string owner;
  std::vector<std::string> contacts;
  std::vector<std::string> tags;
  std::vector<std::uint16_t> ports;    // empty: the data ports (scan's default)
  std::chrono::seconds cadence{3600};  // a full sweep at least this often
  double rate = 0;                     // targets/s budget of this asset; 0: the global one only
  std::optional<Discovery> discovery;  // none: scheduling.discovery
};

// Global scheduling: how fast everything together may go, and how often a service that is
// open or just changed is looked at again (so a fix is confirmed within a minute).
struct Scheduling {
  double global_rate = 1000;  // targets/s, all assets together
  std::uint32_t concurrency = 512;
  std::uint32_t max_sweeps = 4;  // full sweeps running at once (rescans and manual scans apart)
  std::chrono::seconds open_rescan{30};
  std::chrono::seconds changed_rescan{60};
  Discovery discovery = Discovery::automatic;  // of every sweep whose asset names none
};

}  // namespace lw::monitor
