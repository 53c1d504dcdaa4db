#include "net/discovery/syn/packet_socket.h"

#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include "net/discovery/syn/capabilities.h"

namespace lw::discovery::syn {
namespace {

// Frames read and dropped at most when a receiver is bound again (an 8 MiB buffer of the
// smallest frames holds fewer).
constexpr int kMaxDiscarded = 1 << 17;

Result<int> open_packet_socket() {
  const int fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
  if (fd >= 0) return fd;
  if (errno == EPERM || errno == EACCES) return tl::unexpected(missing_net_raw_error());
  return fail(ErrorCode::io_error, std::string("socket(AF_PACKET): ") + std::strerror(errno));
}

Result<void> bind_to(int fd, int interface_index, std::uint16_t protocol) {
  sockaddr_ll address{};
  address.sll_family = AF_PACKET;
  address.sll_protocol = htons(protocol);
  address.sll_ifindex = interface_index;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    return fail(ErrorCode::io_error, std::string("bind: ") + std::strerror(errno),
                "interface index " + std::to_string(interface_index));
  }
  return {};
}

sock_filter statement(std::uint16_t code, std::uint32_t k) {
  return {code, 0, 0, k};
}
sock_filter jump(std::uint16_t code, std::uint32_t k, std::uint8_t if_true, std::uint8_t if_false) {
  return {code, if_true, if_false, k};
}

// IPv4, TCP, to our address, first fragment, destination port in our range; everything else is
// dropped in the kernel before it costs a buffer.
std::vector<sock_filter> reply_filter(const ScanEndpoint& ours) {
  constexpr std::uint16_t kLoadHalf = BPF_LD | BPF_H | BPF_ABS;
  constexpr std::uint16_t kLoadByte = BPF_LD | BPF_B | BPF_ABS;
  constexpr std::uint16_t kLoadWord = BPF_LD | BPF_W | BPF_ABS;
  constexpr std::uint16_t kIpHeaderLength = BPF_LDX | BPF_B | BPF_MSH;
  constexpr std::uint16_t kLoadHalfIndexed = BPF_LD | BPF_H | BPF_IND;
  constexpr std::uint16_t kEqual = BPF_JMP | BPF_JEQ | BPF_K;
  constexpr std::uint16_t kAnySet = BPF_JMP | BPF_JSET | BPF_K;
  constexpr std::uint16_t kAtLeast = BPF_JMP | BPF_JGE | BPF_K;
  const std::uint32_t end_port = std::uint32_t{ours.first_port} + ours.port_count;
  // Instruction indices are fixed, so each jump to `drop` is written as its distance.
  std::vector<sock_filter> f;
  f.push_back(statement(kLoadHalf, 12));               // 0 EtherType
  f.push_back(jump(kEqual, ETH_P_IP, 0, 10));          // 1 -> 12 drop
  f.push_back(statement(kLoadByte, 23));               // 2 protocol
  f.push_back(jump(kEqual, IPPROTO_TCP, 0, 8));        // 3 -> 12
  f.push_back(statement(kLoadWord, 30));               // 4 destination address
  f.push_back(jump(kEqual, ours.source_ip, 0, 6));     // 5 -> 12
  f.push_back(statement(kLoadHalf, 20));               // 6 flags and fragment offset
  f.push_back(jump(kAnySet, 0x1fff, 4, 0));            // 7 -> 12
  f.push_back(statement(kIpHeaderLength, 14));         // 8 x = IP header length
  f.push_back(statement(kLoadHalfIndexed, 16));        // 9 TCP destination port
  f.push_back(jump(kAtLeast, ours.first_port, 0, 2));  // 10 -> 13 drop
  f.push_back(jump(kAtLeast, end_port, 1, 2));         // 11 -> 13 drop / 14 accept
  f.push_back(statement(BPF_RET | BPF_K, 0));          // 12 drop
  f.push_back(statement(BPF_RET | BPF_K, 0));          // 13 drop
  f.push_back(statement(BPF_RET | BPF_K, 0x40000));    // 14 accept whole frame
  return f;
}

Result<void> attach(int fd, std::vector<sock_filter>& filter) {
  sock_fprog program{static_cast<unsigned short>(filter.size()), filter.data()};
  if (::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) != 0) {
    return fail(ErrorCode::io_error, std::string("SO_ATTACH_FILTER: ") + std::strerror(errno));
  }
  return {};
}

}  // namespace

PacketSocket& PacketSocket::operator=(PacketSocket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

PacketSocket::~PacketSocket() {
  if (fd_ >= 0) ::close(fd_);
}

Result<PacketSocket> PacketSocket::open(int receive_buffer_bytes) {
  auto fd = open_packet_socket();
  if (!fd) return tl::unexpected(fd.error());
  PacketSocket socket(*fd);
  if (receive_buffer_bytes > 0) {
    // SO_RCVBUFFORCE may exceed rmem_max (with CAP_NET_ADMIN, as root); else the capped value.
    if (::setsockopt(socket.fd_, SOL_SOCKET, SO_RCVBUFFORCE, &receive_buffer_bytes,
                     sizeof receive_buffer_bytes) != 0) {
      (void)::setsockopt(socket.fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer_bytes,
                         sizeof receive_buffer_bytes);
    }
  }
  return socket;
}

Result<void> PacketSocket::bind_sender(int interface_index) {
  return bind_to(fd_, interface_index, 0);
}

Result<void> PacketSocket::bind_receiver(int interface_index, const ScanEndpoint& ours) {
  auto filter = reply_filter(ours);
  if (auto attached = attach(fd_, filter); !attached) return attached;
  const int one = 1;
  (void)::setsockopt(fd_, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
  if (auto bound = bind_to(fd_, interface_index, ETH_P_IP); !bound) return bound;
  // What an earlier binding queued (nothing once stop_receiving ran, but a socket buffer at most).
  std::array<std::uint8_t, 64> discard{};
  for (int i = 0; i < kMaxDiscarded; ++i) {
    if (::recv(fd_, discard.data(), discard.size(), MSG_DONTWAIT | MSG_TRUNC) < 0) break;
  }
  (void)take_statistics();
  return {};
}

void PacketSocket::stop_receiving() {
  std::vector<sock_filter> drop_all{statement(BPF_RET | BPF_K, 0)};
  (void)attach(fd_, drop_all);
}

Result<std::size_t> PacketSocket::send(std::span<const std::span<const std::uint8_t>> frames) {
  std::array<iovec, 64> vectors{};
  std::array<mmsghdr, 64> messages{};
  const std::size_t n = std::min(frames.size(), vectors.size());
  for (std::size_t i = 0; i < n; ++i) {
    vectors[i] = {const_cast<std::uint8_t*>(frames[i].data()), frames[i].size()};
    messages[i].msg_hdr.msg_iov = &vectors[i];
    messages[i].msg_hdr.msg_iovlen = 1;
  }
  const int sent = ::sendmmsg(fd_, messages.data(), static_cast<unsigned>(n), 0);
  if (sent >= 0) return static_cast<std::size_t>(sent);
  if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR) return std::size_t{0};
  return fail(ErrorCode::io_error, std::string("sendmmsg: ") + std::strerror(errno));
}

Result<void> PacketSocket::receive(FrameBatch& batch, int timeout_ms) {
  batch.count = 0;
  pollfd ready{fd_, POLLIN, 0};
  const int polled = ::poll(&ready, 1, timeout_ms);
  if (polled < 0 && errno != EINTR) {
    return fail(ErrorCode::io_error, std::string("poll: ") + std::strerror(errno));
  }
  if (polled <= 0) return {};
  std::array<iovec, FrameBatch::kFrames> vectors{};
  std::array<mmsghdr, FrameBatch::kFrames> messages{};
  for (std::size_t i = 0; i < FrameBatch::kFrames; ++i) {
    vectors[i] = {batch.buffers[i].data(), FrameBatch::kFrameCapacity};
    messages[i].msg_hdr.msg_iov = &vectors[i];
    messages[i].msg_hdr.msg_iovlen = 1;
  }
  const int got = ::recvmmsg(fd_, messages.data(), FrameBatch::kFrames, MSG_DONTWAIT, nullptr);
  if (got < 0) {
    if (errno == EAGAIN || errno == EINTR) return {};
    return fail(ErrorCode::io_error, std::string("recvmmsg: ") + std::strerror(errno));
  }
  batch.count = static_cast<std::size_t>(got);
  for (std::size_t i = 0; i < batch.count; ++i) {
    batch.sizes[i] = std::min<std::size_t>(messages[i].msg_len, FrameBatch::kFrameCapacity);
  }
  return {};
}

KernelDrops PacketSocket::take_statistics() {
  tpacket_stats stats{};
  socklen_t size = sizeof stats;
  if (::getsockopt(fd_, SOL_PACKET, PACKET_STATISTICS, &stats, &size) != 0) return {};
  return {stats.tp_packets, stats.tp_drops};
}

}  // namespace lw::discovery::syn
