#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>

#include "core/probe.h"
#include "core/service_record.h"

namespace lw::net {

struct DialogueLimits {
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds banner_wait{2000};  // for exchanges that only read
  // An exchange's data connection (core/probe.h DataChannel) is connected within
  // connect_timeout and read within read_timeout; once the reply on the dialogue's own
  // connection has ended, it gets at most data_linger more (a server's "226 Transfer complete"
  // can overtake the transfer's last bytes; a refusal leaves a connection that never sends).
  std::chrono::milliseconds data_linger{1500};
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  std::uint32_t max_reply_bytes = 1u << 20;  // engine cap on any one reply, under the probe's
  std::uint32_t max_total_bytes = 4u << 20;  // all replies of one dialogue, data connections too
  std::uint32_t max_exchanges = 64;
};

// When `connected` is false the handshake never completed and `outcome` is one of: refused
// (a reset answered the SYN, or the host or network is unreachable), timeout (nothing came
// back within the connect timeout or the deadline), or app_error (this side failed: no socket,
// descriptor or local port; the target was not tried). A peer that completes the handshake and
// resets at once is connected, with outcome reset, whichever of the two the kernel saw first.
struct DialogueResult {
  bool connected = false;  // the TCP handshake completed
  Outcome outcome = Outcome::success;
  Transcript transcript;
  std::optional<TlsInfo> tls;
  std::string detail;  // the socket or TLS error, if any
};

using DialogueDone = std::function<void(DialogueResult)>;

// Connects to `endpoint` (over TLS when `tls` is given), runs `probe`'s dialogue within the
// limits, closes, and calls `done` once on the io_context's thread. `probe` must outlive it.
// The probe sees `options` with `address` set to the endpoint's address. An exchange with a
// DataChannel opens one more connection, plain TCP, to that port of the same address, one at a
// time (core/probe.h); it is not counted against a scan's connection rate, only its time.
void start_dialogue(asio::io_context& io, const asio::ip::tcp::endpoint& endpoint,
                    const Probe& probe, ProbeOptions options, asio::ssl::context* tls,
                    const DialogueLimits& limits, DialogueDone done);

}  // namespace lw::net
