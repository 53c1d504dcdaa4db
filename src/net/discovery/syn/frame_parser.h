#pragma once

#include <cstdint>
#include <span>

#include "net/discovery/syn/syn_cookie.h"

namespace lw::discovery::syn {

// The fields of a received TCP segment the receiver needs. Addresses in host byte order.
struct TcpSegment {
  std::uint32_t source_ip = 0;
  std::uint32_t destination_ip = 0;
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  std::uint32_t sequence = 0;
  std::uint32_t acknowledgement = 0;
  std::uint8_t flags = 0;
};

enum class FrameKind {
  tcp,        // an IPv4 TCP segment (first or only fragment); `segment` is filled
  not_ipv4,   // another EtherType (ARP, IPv6, VLAN...)
  not_tcp,    // IPv4 but another protocol, or a later fragment
  malformed,  // truncated or inconsistent headers
};

struct ParsedFrame {
  FrameKind kind = FrameKind::malformed;
  TcpSegment segment;
};

// Parses one Ethernet frame as captured by an AF_PACKET socket. Never reads past `frame`.
// Checksums are not verified: on a veth or with receive offload the kernel may hand frames over
// before they are filled in, and the cookie is what authenticates an answer.
ParsedFrame parse_frame(std::span<const std::uint8_t> frame) noexcept;

enum class ReplyKind {
  open,            // SYN-ACK acknowledging our cookie
  closed,          // RST acknowledging our cookie
  invalid_cookie,  // a SYN-ACK or RST to our address and port range that we did not cause
  not_ours,        // another address or port, or another kind of segment
};

// What our scan's source address and port range are.
struct ScanEndpoint {
  std::uint32_t source_ip = 0;
  std::uint16_t first_port = 0;
  std::uint16_t port_count = 1;
};

// Decides, without any per-target state, what `segment` says about our scan.
ReplyKind classify_reply(const TcpSegment& segment, const SynCookie& cookie,
                         const ScanEndpoint& ours) noexcept;

}  // namespace lw::discovery::syn
