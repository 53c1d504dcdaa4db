#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "core/probe.h"
#include "core/result.h"

namespace lw::testing {

// A tiny blocking stand-in for the engine, for integration tests until src/net lands: runs a
// Probe's next()/frame() loop over one plain TCP connection. Loopback only (127.0.0.0/8);
// every wait and every read is bounded.
struct DriverLimits {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds read_timeout{3000};      // per turn, without progress
  std::chrono::milliseconds session_timeout{20000};  // the whole dialogue
  std::size_t max_turns = 64;
};

// Connects to ip:port (IPv4 dotted quad in 127.0.0.0/8) and runs the dialogue. Connection
// errors are an Error (io_error / timeout); how each reply ended is recorded in its Turn.
Result<Transcript> run_dialogue(const Probe& probe, const ProbeOptions& options,
                                const std::string& ip, std::uint16_t port,
                                const DriverLimits& limits = {});

// Polls until ip:port accepts a TCP connection, at most `within`. True when it does.
bool wait_for_port(const std::string& ip, std::uint16_t port, std::chrono::milliseconds within);

}  // namespace lw::testing
