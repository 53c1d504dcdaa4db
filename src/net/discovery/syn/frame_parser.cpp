#include "net/discovery/syn/frame_parser.h"

#include "net/discovery/syn/tcp_frame.h"

namespace lw::discovery::syn {
namespace {

std::uint16_t get16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}

std::uint32_t get32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}

}  // namespace

ParsedFrame parse_frame(std::span<const std::uint8_t> frame) noexcept {
  ParsedFrame out;
  if (frame.size() < kEthernetHeaderSize) return out;
  if (get16(frame.data() + 12) != 0x0800) {
    out.kind = FrameKind::not_ipv4;
    return out;
  }
  const auto packet = frame.subspan(kEthernetHeaderSize);
  if (packet.size() < kIpv4HeaderSize || (packet[0] >> 4) != 4) return out;
  const std::size_t header_size = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
  const std::size_t total = get16(packet.data() + 2);
  // Ethernet pads short frames, so the packet may be longer than its total length, never shorter.
  if (header_size < kIpv4HeaderSize || total < header_size || total > packet.size()) return out;
  const bool later_fragment = (get16(packet.data() + 6) & 0x1fff) != 0;
  if (packet[9] != 6 || later_fragment) {
    out.kind = FrameKind::not_tcp;
    return out;
  }
  const auto tcp = packet.subspan(header_size, total - header_size);
  if (tcp.size() < kTcpHeaderSize) return out;
  const std::size_t tcp_header_size = static_cast<std::size_t>(tcp[12] >> 4) * 4;
  if (tcp_header_size < kTcpHeaderSize || tcp_header_size > tcp.size()) return out;
  out.kind = FrameKind::tcp;
  out.segment.source_ip = get32(packet.data() + 12);
  out.segment.destination_ip = get32(packet.data() + 16);
  out.segment.source_port = get16(tcp.data());
  out.segment.destination_port = get16(tcp.data() + 2);
  out.segment.sequence = get32(tcp.data() + 4);
  out.segment.acknowledgement = get32(tcp.data() + 8);
  out.segment.flags = tcp[13];
  return out;
}

ReplyKind classify_reply(const TcpSegment& segment, const SynCookie& cookie,
                         const ScanEndpoint& ours) noexcept {
  if (segment.destination_ip != ours.source_ip) return ReplyKind::not_ours;
  const auto offset = static_cast<std::uint16_t>(segment.destination_port - ours.first_port);
  if (offset >= ours.port_count) return ReplyKind::not_ours;
  const bool syn_ack = (segment.flags & (tcp_flag::kSyn | tcp_flag::kAck | tcp_flag::kRst)) ==
                       (tcp_flag::kSyn | tcp_flag::kAck);
  const bool rst = (segment.flags & tcp_flag::kRst) != 0;
  if (!syn_ack && !rst) return ReplyKind::not_ours;
  // Our SYN went from (ours, our port) to (theirs, their port); the answer comes back reversed.
  const FlowKey flow{Address::v4_from(segment.destination_ip), Address::v4_from(segment.source_ip),
                     segment.destination_port, segment.source_port};
  if (!cookie.accepts(flow, segment.acknowledgement)) return ReplyKind::invalid_cookie;
  return syn_ack ? ReplyKind::open : ReplyKind::closed;
}

}  // namespace lw::discovery::syn
