#include "net/discovery/syn/tcp_frame.h"

#include <algorithm>

namespace lw::discovery::syn {
namespace {

void put16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}

void put32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

std::uint32_t sum_words(std::span<const std::uint8_t> bytes, std::uint32_t sum) {
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2)
    sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
  if (i < bytes.size()) sum += static_cast<std::uint32_t>(bytes[i] << 8);
  // Fold now so a long input cannot overflow 32 bits.
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

}  // namespace

std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes,
                                std::uint32_t initial) noexcept {
  std::uint32_t sum = sum_words(bytes, initial);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

std::uint16_t tcp_checksum_v4(std::uint32_t source_ip, std::uint32_t destination_ip,
                              std::span<const std::uint8_t> segment) noexcept {
  std::uint32_t pseudo = (source_ip >> 16) + (source_ip & 0xffff) + (destination_ip >> 16) +
                         (destination_ip & 0xffff) + 6u +
                         static_cast<std::uint32_t>(segment.size());
  return internet_checksum(segment, pseudo);
}

std::size_t build_tcp_frame(const TcpFrameSpec& spec, std::span<std::uint8_t> out) noexcept {
  const std::size_t tcp_size = kTcpHeaderSize + (spec.mss_option ? kMssOptionSize : 0);
  const std::size_t size = kEthernetHeaderSize + kIpv4HeaderSize + tcp_size;
  if (out.size() < size) return 0;
  std::uint8_t* p = out.data();
  std::fill(p, p + size, std::uint8_t{0});

  std::copy(spec.destination_mac.begin(), spec.destination_mac.end(), p);
  std::copy(spec.source_mac.begin(), spec.source_mac.end(), p + 6);
  put16(p + 12, 0x0800);

  std::uint8_t* ip = p + kEthernetHeaderSize;
  ip[0] = 0x45;
  put16(ip + 2, static_cast<std::uint16_t>(kIpv4HeaderSize + tcp_size));
  put16(ip + 4, spec.ip_id);
  put16(ip + 6, 0x4000);  // don't fragment
  ip[8] = spec.ttl;
  ip[9] = 6;
  put32(ip + 12, spec.source_ip);
  put32(ip + 16, spec.destination_ip);
  put16(ip + 10, internet_checksum({ip, kIpv4HeaderSize}));

  std::uint8_t* tcp = ip + kIpv4HeaderSize;
  put16(tcp, spec.source_port);
  put16(tcp + 2, spec.destination_port);
  put32(tcp + 4, spec.sequence);
  put32(tcp + 8, spec.acknowledgement);
  tcp[12] = static_cast<std::uint8_t>((tcp_size / 4) << 4);
  tcp[13] = spec.flags;
  put16(tcp + 14, spec.window);
  if (spec.mss_option) {
    tcp[20] = 2;  // kind MSS
    tcp[21] = 4;
    put16(tcp + 22, 1460);
  }
  put16(tcp + 16, tcp_checksum_v4(spec.source_ip, spec.destination_ip, {tcp, tcp_size}));
  return size;
}

}  // namespace lw::discovery::syn
