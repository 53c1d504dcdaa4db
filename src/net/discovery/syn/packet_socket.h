#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/result.h"
#include "net/discovery/syn/frame_parser.h"

namespace lw::discovery::syn {

// Received frames: fixed buffers, reused for every batch. Frames longer than kFrameCapacity are
// cut (only the headers matter).
struct FrameBatch {
  static constexpr std::size_t kFrames = 64;
  static constexpr std::size_t kFrameCapacity = 256;
  std::array<std::array<std::uint8_t, kFrameCapacity>, kFrames> buffers{};
  std::array<std::size_t, kFrames> sizes{};
  std::size_t count = 0;
  std::span<const std::uint8_t> frame(std::size_t i) const { return {buffers[i].data(), sizes[i]}; }
};

struct KernelDrops {
  std::uint64_t received = 0;  // frames the filter passed to the socket
  std::uint64_t dropped = 0;   // of those, lost because the socket's buffer was full
};

// An AF_PACKET socket. Frames are whole Ethernet frames.
//
// Only opening one needs CAP_NET_RAW; binding it to an interface and filtering what it receives
// need nothing, so a process that runs for days opens its sockets once, drops the capability,
// and binds them again for each scan (docs/syn_discovery.md "In leakwatch serve").
class PacketSocket {
 public:
  // Bound to nothing: it queues no frame until bound. A `receive_buffer_bytes` above 0 sizes its
  // receive buffer now, while the process may still hold the capability to exceed rmem_max.
  static Result<PacketSocket> open(int receive_buffer_bytes = 0);

  // For sending on `interface_index` only: protocol 0, so it never queues received frames.
  Result<void> bind_sender(int interface_index);
  // For receiving TCP segments to `ours` on `interface_index` only: a classic BPF filter is
  // attached before the bind, so no other frame is queued; frames left from an earlier binding
  // are discarded.
  Result<void> bind_receiver(int interface_index, const ScanEndpoint& ours);
  // Queues nothing more until the next bind_receiver (a filter that drops every frame).
  void stop_receiving();

  PacketSocket(PacketSocket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  PacketSocket& operator=(PacketSocket&& other) noexcept;
  PacketSocket(const PacketSocket&) = delete;
  PacketSocket& operator=(const PacketSocket&) = delete;
  ~PacketSocket();

  // Sends the frames in one sendmmsg; returns how many the kernel took (fewer when its queue is
  // full: the caller retries the rest, nothing is dropped silently).
  Result<std::size_t> send(std::span<const std::span<const std::uint8_t>> frames);
  // Fills `batch` with what is queued, waiting up to `timeout_ms` for the first frame.
  Result<void> receive(FrameBatch& batch, int timeout_ms);
  // The kernel's counts since the previous call (PACKET_STATISTICS resets on read).
  KernelDrops take_statistics();

 private:
  explicit PacketSocket(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace lw::discovery::syn
