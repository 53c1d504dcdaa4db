#pragma once

#include <cstdint>

#include "core/address.h"
#include "net/discovery/syn/siphash.h"

namespace lw::discovery::syn {

// The four fields that name one probe: ours (source) and theirs (destination).
struct FlowKey {
  Address source;
  Address destination;
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
};

// The receiver's only memory of what the sender sent: a keyed hash of the flow. The SYN carries
// the cookie as its sequence number, so an answer (SYN-ACK or RST) acknowledges cookie + 1 and is
// recognised without per-target state. The key is random per scan, so answers to a previous scan
// (or forged by someone who cannot see our SYNs) fail.
class SynCookie {
 public:
  explicit SynCookie(const SipKey& key) : key_(key) {}
  // A key from the kernel's random source.
  static SynCookie random();

  std::uint32_t sequence(const FlowKey& flow) const noexcept;
  // Whether `acknowledgement` is what the peer of `flow` answers to our SYN.
  bool accepts(const FlowKey& flow, std::uint32_t acknowledgement) const noexcept {
    return acknowledgement - 1u == sequence(flow);
  }
  // The source port to probe `destination`:`port` from, spread over [first, first + count):
  // a retry reuses it, so a late answer to the first SYN still validates.
  std::uint16_t source_port(const Address& destination, std::uint16_t port, std::uint16_t first,
                            std::uint16_t count) const noexcept;

 private:
  SipKey key_;
};

}  // namespace lw::discovery::syn
