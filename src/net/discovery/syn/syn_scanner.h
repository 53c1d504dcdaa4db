#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "core/result.h"
#include "net/discovery/cyclic_permutation.h"
#include "net/discovery/syn/open_port_queue.h"
#include "net/discovery/syn/packet_socket.h"
#include "net/discovery/syn/tcp_frame.h"
#include "net/discovery/target_space.h"

namespace lw::discovery::syn {

// Where frames leave from and whom they are addressed to on the link.
struct SynLink {
  int interface_index = 0;
  std::string interface;
  MacAddress source_mac{};
  MacAddress next_hop_mac{};  // the gateway's, or the target's on an on-link route
  std::uint32_t source_ip = 0;
};

struct SynScanOptions {
  SynLink link;
  double rate = 10000;        // SYNs per second, retries included; 0 = unlimited
  std::uint32_t retries = 1;  // passes after the first, each over the targets still silent
  std::chrono::milliseconds cooldown{3000};  // listening after the last SYN
  // Source ports: above the kernel's default ephemeral range (32768-60999), so the connect
  // engine's own sockets never share one (docs/syn_discovery.md).
  std::uint16_t first_source_port = 61000;
  std::uint16_t source_port_count = 1024;
  std::uint64_t shard_index = 0;
  std::uint64_t shard_count = 1;
  int receive_buffer_bytes = 8 << 20;
};

struct SynCounters {
  std::uint64_t sent = 0;            // SYNs the kernel took
  std::uint64_t send_stalls = 0;     // times the interface queue was full and the sender waited
  std::uint64_t sender_pauses = 0;   // times the probe stage was behind and the sender waited
  std::uint64_t received = 0;        // frames past the kernel filter
  std::uint64_t open = 0;            // distinct (address, port) that answered SYN-ACK
  std::uint64_t closed = 0;          // distinct (address, port) that answered RST
  std::uint64_t duplicates = 0;      // valid answers for a target already answered
  std::uint64_t invalid_cookie = 0;  // SYN-ACK or RST to our ports that we did not cause
  std::uint64_t not_ours = 0;        // other segments, malformed frames, outside the targets
  std::uint64_t resets_sent = 0;
  std::uint64_t kernel_dropped = 0;  // frames lost because the receive buffer was full
  std::uint64_t queue_waits = 0;     // times an open port waited for room in the queue
  std::uint64_t followed_up = 0;     // closed or silent targets handed over for a follow-up
  double sending_seconds = 0;        // from the first SYN to the last (retries included)
};

// Stateless SYN discovery (as ZMap and masscan do it): SYNs over AF_PACKET in the order of the
// scan's permutation and shard, answers recognised by the cookie in their acknowledgement, every
// open port handed to `out` once, while sending goes on.
class SynScanner {
 public:
  // Opens the raw sockets and points them at `options.link`; needs CAP_NET_RAW (an unsupported
  // error naming it otherwise). The caller may drop its capabilities as soon as this returns.
  static Result<SynScanner> open(const SynScanOptions& options);
  // Opens the raw sockets pointed at nothing (they queue nothing); needs CAP_NET_RAW. For a
  // process that runs many scans: open once, drop the capability, then `bind` before each run.
  static Result<SynScanner> open_unbound(int receive_buffer_bytes = 8 << 20);

  // Points the sockets at `options.link` and keeps `options` for the next runs; needs no
  // capability. `options.receive_buffer_bytes` is the one given when the sockets were opened.
  Result<void> bind(const SynScanOptions& options);
  // Until the next `bind`, the receiving socket queues nothing (late answers of the last run).
  void unbind();

  // Sends over shard `options.shard_index` of `permutation` (whose size is `space.size()`),
  // retries, waits the cooldown, then closes `out`. `on_progress` is called about every second
  // from the sending thread. Stops early when `interrupt` becomes true. With `follow_up`, a
  // target it holds is handed to `out` even when it answers RST or stays silent through every
  // retry (after the cooldown), so the probe stage can look at it: a service found by an
  // earlier scan is then recorded as gone rather than left out. It is called on the receiving
  // and the sending thread.
  Result<SynCounters> run(const TargetSpace& space, const CyclicPermutation& permutation,
                          OpenPortQueue& out, const std::atomic<bool>& interrupt,
                          const std::function<void(const SynCounters&)>& on_progress = {},
                          const std::function<bool(const Target&)>& follow_up = {});

 private:
  SynScanner(PacketSocket sender, PacketSocket resetter, PacketSocket receiver)
      : sender_(std::move(sender)),
        resetter_(std::move(resetter)),
        receiver_(std::move(receiver)) {}

  SynScanOptions options_;
  bool bound_ = false;
  PacketSocket sender_;
  PacketSocket resetter_;  // the receiving thread's own, for RSTs
  PacketSocket receiver_;
};

}  // namespace lw::discovery::syn
