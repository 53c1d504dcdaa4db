#include "net/discovery/syn/syn_scanner.h"

#include <algorithm>
#include <array>
#include <thread>

#include "net/discovery/syn/answered_set.h"
#include "net/discovery/syn/capabilities.h"
#include "net/discovery/syn/frame_parser.h"
#include "net/discovery/syn/syn_cookie.h"
#include "net/rate_limiter.h"

namespace lw::discovery::syn {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kBatch = 64;
// The shortest wait for rate tokens: shorter sleeps cost a syscall for a frame or two.
constexpr auto kMinPause = std::chrono::microseconds(200);
constexpr int kReceivePollMs = 20;
constexpr auto kQueuePushWait = std::chrono::milliseconds(100);
// A link that takes no frame for this long is broken, not busy.
constexpr auto kMaxSendStall = std::chrono::seconds(10);

struct AtomicCounters {
  std::atomic<std::uint64_t> sent{0}, send_stalls{0}, sender_pauses{0}, received{0}, open{0},
      closed{0}, duplicates{0}, invalid_cookie{0}, not_ours{0}, resets_sent{0}, kernel_dropped{0},
      queue_waits{0}, followed_up{0};

  SynCounters snapshot() const {
    constexpr auto r = std::memory_order_relaxed;
    return {sent.load(r),       send_stalls.load(r), sender_pauses.load(r),  received.load(r),
            open.load(r),       closed.load(r),      duplicates.load(r),     invalid_cookie.load(r),
            not_ours.load(r),   resets_sent.load(r), kernel_dropped.load(r), queue_waits.load(r),
            followed_up.load(r)};
  }
};

struct FrameBuffer {
  std::array<std::array<std::uint8_t, kMaxTcpFrameSize>, kBatch> frames{};
  std::array<std::span<const std::uint8_t>, kBatch> spans{};
  std::size_t count = 0;

  void add(const TcpFrameSpec& spec) {
    const auto size = build_tcp_frame(spec, frames[count]);
    spans[count] = {frames[count].data(), size};
    ++count;
  }
};

// Sends everything in `buffer`, waiting while the interface queue is full.
Result<void> flush(PacketSocket& socket, FrameBuffer& buffer, std::atomic<std::uint64_t>& sent,
                   std::atomic<std::uint64_t>& stalls) {
  std::size_t done = 0;
  const auto deadline = Clock::now() + kMaxSendStall;
  while (done < buffer.count) {
    auto n = socket.send(std::span(buffer.spans).subspan(done, buffer.count - done));
    if (!n) return tl::unexpected(n.error());
    done += *n;
    sent.fetch_add(*n, std::memory_order_relaxed);
    if (*n == 0) {
      if (Clock::now() > deadline) {
        return fail(ErrorCode::io_error, "the interface took no frame for 10 s", "SYN sender");
      }
      stalls.fetch_add(1, std::memory_order_relaxed);
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }
  buffer.count = 0;
  return {};
}

// Waits for room in `out`; gives up when interrupted or when the queue was closed.
void hand_over(OpenPortQueue& out, const Target& target, const std::atomic<bool>& interrupt,
               std::atomic<std::uint64_t>& waits) {
  while (!out.push(target, kQueuePushWait)) {
    if (interrupt.load() || out.closed()) return;
    waits.fetch_add(1, std::memory_order_relaxed);
  }
}

class Receiver {
 public:
  Receiver(const SynScanOptions& options, const SynCookie& cookie, const TargetSpace& space,
           AnsweredSet& answered, OpenPortQueue& out, AtomicCounters& counters,
           PacketSocket& socket, PacketSocket& resetter,
           const std::function<bool(const Target&)>& follow_up)
      : options_(options),
        cookie_(cookie),
        space_(space),
        answered_(answered),
        out_(out),
        counters_(counters),
        socket_(socket),
        resetter_(resetter),
        follow_up_(follow_up),
        ours_{options.link.source_ip, options.first_source_port, options.source_port_count} {}

  // Runs until `stop`; returns the first socket error.
  Result<void> run(const std::atomic<bool>& stop, const std::atomic<bool>& interrupt) {
    auto batch = std::make_unique<FrameBatch>();
    while (!stop.load()) {
      if (auto r = socket_.receive(*batch, kReceivePollMs); !r) return r;
      for (std::size_t i = 0; i < batch->count; ++i) handle(batch->frame(i), interrupt);
      if (resets_.count > 0) {
        if (auto r = flush(resetter_, resets_, counters_.resets_sent, ignored_); !r) return r;
      }
      counters_.kernel_dropped.fetch_add(socket_.take_statistics().dropped);
    }
    return {};
  }

 private:
  void handle(std::span<const std::uint8_t> frame, const std::atomic<bool>& interrupt) {
    counters_.received.fetch_add(1, std::memory_order_relaxed);
    const auto parsed = parse_frame(frame);
    if (parsed.kind != FrameKind::tcp) {
      counters_.not_ours.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    const auto& s = parsed.segment;
    const auto kind = classify_reply(s, cookie_, ours_);
    if (kind == ReplyKind::not_ours) {
      counters_.not_ours.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    if (kind == ReplyKind::invalid_cookie) {
      counters_.invalid_cookie.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    const Target target{Address::v4_from(s.source_ip), s.source_port};
    const auto index = space_.index_of(target);
    if (!index) {
      counters_.not_ours.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    if (kind == ReplyKind::open) queue_reset(s);
    if (!answered_.mark(*index)) {
      counters_.duplicates.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    if (kind == ReplyKind::closed) {
      counters_.closed.fetch_add(1, std::memory_order_relaxed);
      if (!follow_up_ || !follow_up_(target)) return;
      counters_.followed_up.fetch_add(1, std::memory_order_relaxed);
    } else {
      counters_.open.fetch_add(1, std::memory_order_relaxed);
    }
    hand_over(out_, target, interrupt, counters_.queue_waits);
  }

  // Ends the half-open connection on the target at once instead of leaving it to time out.
  void queue_reset(const TcpSegment& s) {
    if (resets_.count == kBatch) (void)flush(resetter_, resets_, counters_.resets_sent, ignored_);
    TcpFrameSpec spec;
    spec.source_mac = options_.link.source_mac;
    spec.destination_mac = options_.link.next_hop_mac;
    spec.source_ip = s.destination_ip;
    spec.destination_ip = s.source_ip;
    spec.source_port = s.destination_port;
    spec.destination_port = s.source_port;
    spec.sequence = s.acknowledgement;
    spec.flags = tcp_flag::kRst;
    spec.ip_id = static_cast<std::uint16_t>(s.sequence);
    resets_.add(spec);
  }

  const SynScanOptions& options_;
  const SynCookie& cookie_;
  const TargetSpace& space_;
  AnsweredSet& answered_;
  OpenPortQueue& out_;
  AtomicCounters& counters_;
  PacketSocket& socket_;
  PacketSocket& resetter_;
  const std::function<bool(const Target&)>& follow_up_;
  ScanEndpoint ours_;
  FrameBuffer resets_;
  std::atomic<std::uint64_t> ignored_{0};
};

bool wait_interruptible(std::chrono::milliseconds total, const std::atomic<bool>& interrupt) {
  const auto end = Clock::now() + total;
  while (Clock::now() < end) {
    if (interrupt.load()) return false;
    std::this_thread::sleep_for(
        std::min<Clock::duration>(end - Clock::now(), std::chrono::milliseconds(20)));
  }
  return true;
}

}  // namespace

Result<SynScanner> SynScanner::open(const SynScanOptions& options) {
  auto scanner = open_unbound(options.receive_buffer_bytes);
  if (!scanner) return tl::unexpected(scanner.error());
  if (auto bound = scanner->bind(options); !bound) return tl::unexpected(bound.error());
  return scanner;
}

Result<SynScanner> SynScanner::open_unbound(int receive_buffer_bytes) {
  if (!has_net_raw()) return tl::unexpected(missing_net_raw_error());
  auto sender = PacketSocket::open();
  if (!sender) return tl::unexpected(sender.error());
  auto resetter = PacketSocket::open();
  if (!resetter) return tl::unexpected(resetter.error());
  auto receiver = PacketSocket::open(receive_buffer_bytes);
  if (!receiver) return tl::unexpected(receiver.error());
  return SynScanner(std::move(*sender), std::move(*resetter), std::move(*receiver));
}

Result<void> SynScanner::bind(const SynScanOptions& options) {
  if (options.source_port_count == 0 ||
      std::uint32_t{options.first_source_port} + options.source_port_count > 65536) {
    return fail(ErrorCode::invalid_argument, "the source port range leaves 1-65535",
                "--source-port");
  }
  bound_ = false;
  const int interface = options.link.interface_index;
  if (auto b = sender_.bind_sender(interface); !b) return b;
  if (auto b = resetter_.bind_sender(interface); !b) return b;
  const ScanEndpoint ours{options.link.source_ip, options.first_source_port,
                          options.source_port_count};
  if (auto b = receiver_.bind_receiver(interface, ours); !b) return b;
  options_ = options;
  bound_ = true;
  return {};
}

void SynScanner::unbind() {
  receiver_.stop_receiving();
  bound_ = false;
}

Result<SynCounters> SynScanner::run(const TargetSpace& space, const CyclicPermutation& permutation,
                                    OpenPortQueue& out, const std::atomic<bool>& interrupt,
                                    const std::function<void(const SynCounters&)>& on_progress,
                                    const std::function<bool(const Target&)>& follow_up) {
  struct CloseOnExit {
    OpenPortQueue& queue;
    ~CloseOnExit() { queue.close(); }
  } close_on_exit{out};
  if (!bound_) return fail(ErrorCode::internal, "SYN discovery run without a link");
  if (permutation.size() != space.size()) {
    return fail(ErrorCode::internal, "permutation and target space differ in size");
  }
  auto answered = AnsweredSet::create(space.size());
  if (!answered) return tl::unexpected(answered.error());
  const SynCookie cookie = SynCookie::random();
  AtomicCounters counters;
  std::atomic<bool> stop{false};
  Result<void> receiver_result;
  Receiver receiver(options_, cookie, space, *answered, out, counters, receiver_, resetter_,
                    follow_up);
  std::thread receiving([&] { receiver_result = receiver.run(stop, interrupt); });
  // On an early return: stop the receiver and release it from a full queue, then join.
  struct JoinOnExit {
    std::atomic<bool>& stop;
    std::thread& thread;
    OpenPortQueue& queue;
    ~JoinOnExit() {
      if (!thread.joinable()) return;
      stop = true;
      queue.close();
      thread.join();
    }
  } join_on_exit{stop, receiving, out};

  // A sleep lasts longer than one token's worth at these rates, so the bucket must hold what
  // accrues meanwhile (about 10 ms of sending); sendmmsg batches stay at 64 frames whatever it
  // holds.
  net::RateLimiter limiter(options_.rate, std::clamp(options_.rate / 100, 64.0, 512.0));
  auto buffer = std::make_unique<FrameBuffer>();
  auto last_progress = Clock::now();
  TcpFrameSpec spec;
  spec.source_mac = options_.link.source_mac;
  spec.destination_mac = options_.link.next_hop_mac;
  spec.source_ip = options_.link.source_ip;
  spec.flags = tcp_flag::kSyn;
  spec.window = 64240;
  spec.mss_option = true;
  const Address source = Address::v4_from(options_.link.source_ip);

  const auto started = Clock::now();
  for (std::uint32_t pass = 0; pass <= options_.retries && !interrupt.load(); ++pass) {
    if (pass > 0 && !wait_interruptible(
                        std::min(options_.cooldown, std::chrono::milliseconds(1000)), interrupt)) {
      break;
    }
    auto it = permutation.shard(options_.shard_index, options_.shard_count);
    while (auto step = it.next()) {
      if (interrupt.load() || stop.load()) break;
      if (pass > 0 && answered->contains(step->value)) continue;
      const Target target = space.at(step->value);
      if (target.address.v6) continue;  // refused up front by the caller; never sent
      while (out.backlogged() && !interrupt.load()) {
        if (auto r = flush(sender_, *buffer, counters.sent, counters.send_stalls); !r)
          return tl::unexpected(r.error());
        counters.sender_pauses.fetch_add(1, std::memory_order_relaxed);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      while (!limiter.try_acquire()) {
        if (buffer->count > 0) {
          if (auto r = flush(sender_, *buffer, counters.sent, counters.send_stalls); !r) {
            return tl::unexpected(r.error());
          }
        }
        std::this_thread::sleep_for(std::max<Clock::duration>(limiter.wait_time(), kMinPause));
      }
      spec.destination_ip = target.address.v4();
      spec.destination_port = target.port;
      spec.source_port = cookie.source_port(target.address, target.port, options_.first_source_port,
                                            options_.source_port_count);
      spec.sequence = cookie.sequence({source, target.address, spec.source_port, target.port});
      spec.ip_id = static_cast<std::uint16_t>(spec.sequence >> 16);
      buffer->add(spec);
      if (buffer->count == kBatch) {
        if (auto r = flush(sender_, *buffer, counters.sent, counters.send_stalls); !r) {
          return tl::unexpected(r.error());
        }
      }
      if (on_progress && Clock::now() - last_progress > std::chrono::seconds(1)) {
        last_progress = Clock::now();
        on_progress(counters.snapshot());
      }
    }
    if (auto r = flush(sender_, *buffer, counters.sent, counters.send_stalls); !r) {
      return tl::unexpected(r.error());
    }
  }
  const double sending_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  wait_interruptible(options_.cooldown, interrupt);
  stop = true;
  receiving.join();
  if (!receiver_result) return tl::unexpected(receiver_result.error());
  if (follow_up) {
    // Silent through every pass: whatever the caller wants looked at again goes over now.
    auto it = permutation.shard(options_.shard_index, options_.shard_count);
    while (auto step = it.next()) {
      if (interrupt.load()) break;
      if (answered->contains(step->value)) continue;
      const Target target = space.at(step->value);
      if (target.address.v6 || !follow_up(target)) continue;
      counters.followed_up.fetch_add(1, std::memory_order_relaxed);
      hand_over(out, target, interrupt, counters.queue_waits);
    }
  }
  auto totals = counters.snapshot();
  totals.sending_seconds = sending_seconds;
  if (on_progress) on_progress(totals);
  return totals;
}

}  // namespace lw::discovery::syn
