#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace lw::discovery::syn {

using MacAddress = std::array<std::uint8_t, 6>;

namespace tcp_flag {
constexpr std::uint8_t kFin = 0x01;
constexpr std::uint8_t kSyn = 0x02;
constexpr std::uint8_t kRst = 0x04;
constexpr std::uint8_t kAck = 0x10;
}  // namespace tcp_flag

// One Ethernet + IPv4 + TCP frame with no payload. Addresses in host byte order.
struct TcpFrameSpec {
  MacAddress source_mac{};
  MacAddress destination_mac{};
  std::uint32_t source_ip = 0;
  std::uint32_t destination_ip = 0;
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  std::uint32_t sequence = 0;
  std::uint32_t acknowledgement = 0;
  std::uint8_t flags = 0;
  std::uint16_t ip_id = 0;
  std::uint8_t ttl = 64;
  std::uint16_t window = 0;
  // Adds an MSS option (as every real stack does on a SYN; some hosts drop SYNs without one).
  bool mss_option = false;
};

constexpr std::size_t kEthernetHeaderSize = 14;
constexpr std::size_t kIpv4HeaderSize = 20;
constexpr std::size_t kTcpHeaderSize = 20;
constexpr std::size_t kMssOptionSize = 4;
constexpr std::size_t kMaxTcpFrameSize =
    kEthernetHeaderSize + kIpv4HeaderSize + kTcpHeaderSize + kMssOptionSize;

// Writes the frame into `out` with both checksums; returns its size, or 0 when `out` is too small.
std::size_t build_tcp_frame(const TcpFrameSpec& spec, std::span<std::uint8_t> out) noexcept;

// The Internet checksum (RFC 1071) of `bytes`, with `initial` as a partial sum carried in.
std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes,
                                std::uint32_t initial = 0) noexcept;

// The TCP checksum over the IPv4 pseudo-header and `segment` (header + payload, checksum field
// as it is: zero when computing, the sent value when verifying, which then yields 0).
std::uint16_t tcp_checksum_v4(std::uint32_t source_ip, std::uint32_t destination_ip,
                              std::span<const std::uint8_t> segment) noexcept;

}  // namespace lw::discovery::syn
