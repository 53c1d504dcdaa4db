#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "core/probe.h"
#include "core/result.h"

namespace lw::testing {

// Runs a Probe's dialogue with the engine itself (net::start_dialogue: its framing, reply and
// total byte caps, timeouts and exchange limit) on an io_context of its own, run to completion
// inside the call: what the integration tests exercise is what a scan runs. Loopback only
// (127.0.0.0/8); every wait is bounded by these limits.
struct DriverLimits {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds read_timeout{3000};      // per reply (a banner too), without progress
  std::chrono::milliseconds session_timeout{20000};  // the whole dialogue
  std::size_t max_turns = 64;
};

// Connects to ip:port (IPv4 dotted quad in 127.0.0.0/8) and runs the dialogue. A connection
// that was not made is an Error (timeout when nothing answered in time, io_error otherwise);
// how each reply ended is recorded in its Turn (the engine stops at a reply its probe frames
// as invalid, at a closed connection and at the session deadline).
Result<Transcript> run_dialogue(const Probe& probe, const ProbeOptions& options,
                                const std::string& ip, std::uint16_t port,
                                const DriverLimits& limits = {});

// Polls until ip:port accepts a TCP connection, at most `within`. True when it does.
bool wait_for_port(const std::string& ip, std::uint16_t port, std::chrono::milliseconds within);

}  // namespace lw::testing
