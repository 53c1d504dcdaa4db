#pragma once

#include <chrono>
#include <functional>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ssl/context.hpp>

#include "core/probe.h"
#include "core/service_record.h"
#include "net/dialogue.h"
#include "net/discovery/target_space.h"

namespace lw::pipeline {

// What probing one (address, port) produced.
struct ServiceOutcome {
  bool port_open = false;       // some connection succeeded
  ServiceRecord record;         // meaningful when port_open
  std::vector<Sample> samples;  // for the classifier; never stored
};

// Starts a new connection when the scan's rate limit allows; the prober asks before each one.
using ConnectGate = std::function<void(std::function<void()> start)>;

struct ProberSettings {
  // In registry order; the banner probe (ProbeRole::banner) last. Without one the scan only
  // connects.
  std::vector<const Probe*> probes;
  ProbeOptions options;
  net::DialogueLimits limits;  // deadline is set per service
  std::chrono::milliseconds service_budget{20000};
  std::uint32_t max_attempts = 6;
  SampleLimits sample_limits;
  asio::ssl::context* tls = nullptr;
  bool connect_only = false;
};

// Identifies the service on one target and runs the probe that speaks its protocol, in the
// order of the attempt plan (pipeline/attempt_plan.h): the probes that claim the port first
// (over TLS where they expect it), then the banner, then the probes the banner names, then the
// other client-first probes, over TLS if the port speaks it; bounded by max_attempts and the
// service budget.
void probe_service(asio::io_context& io, const ProberSettings& settings,
                   const discovery::Target& target, const std::string& host_name,
                   const ConnectGate& gate, std::function<void(ServiceOutcome)> done);

}  // namespace lw::pipeline
