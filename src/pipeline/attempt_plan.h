#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/probe.h"
#include "core/verdict.h"

// The attempt policy of the service prober, as pure decisions (no I/O, no clock): which probe
// to try next on one (address, port), over TLS or not, and what to do after a connection this
// side could not make. The prober (service_prober.cpp) runs the dialogues and reports what they
// showed; the plan answers with the next attempt. The order:
//   1. the probes that claim the port as a TLS port, over TLS;
//   2. the probes that claim the port, in registry order, in clear;
//   3. the banner probe (ProbeRole::banner), in clear;
//   4. a banner a probe recognises: that probe (one more try if its first try timed out);
//      silence: the banner over TLS, then every client-first probe, over TLS if the port was
//      seen to speak it;
// each (probe, TLS) pair at most once, at most max_attempts in all. Connect-only scans (or no
// banner probe) make one attempt that sends nothing.
namespace lw::pipeline {

// The ids a scan's probe list may hold besides probe ids: "none" alone = connect only.
constexpr std::string_view kConnectOnlyId = "none";
bool is_connect_only(std::span<const std::string> probe_ids);

enum class TlsMode { plain, tls, detected };  // detected: TLS if the port was seen to speak it

struct Attempt {
  const Probe* probe = nullptr;  // nullptr: connect only (send nothing)
  bool tls = false;
  bool operator==(const Attempt&) const = default;
};

struct PlanInputs {
  std::span<const Probe* const> probes;  // in registry order, the banner probe among them
  bool connect_only = false;
  std::uint16_t port = 0;
  std::uint32_t max_attempts = 6;
};

class AttemptPlan {
 public:
  explicit AttemptPlan(const PlanInputs& in);

  // The next attempt, or nullopt when the plan is spent or max_attempts were made.
  // `speaks_tls`: some connection to the port completed a TLS handshake.
  std::optional<Attempt> next(bool speaks_tls);

  // What a finished attempt showed (the connection was made):
  // a protocol probe said the replies are not its protocol (timed_out: its reply never came);
  void not_this_protocol(const Attempt& a, bool timed_out);
  // the banner probe named a banner (the first bytes the server sent);
  void banner_named(std::string_view banner, bool tls);
  // the banner probe heard nothing it knows (silence, or bytes of no known kind).
  void banner_silent(bool tls);

  const Probe* banner() const noexcept { return banner_; }
  std::uint32_t attempts() const noexcept { return attempts_; }

 private:
  struct Planned {
    const Probe* probe;
    TlsMode mode;
  };
  bool tried(const Attempt& a) const;

  std::vector<const Probe*> probes_;
  const Probe* banner_ = nullptr;
  std::uint32_t max_attempts_;
  std::vector<Planned> queue_;
  std::vector<Attempt> tried_;
  std::vector<Attempt> timed_out_;  // tried, and the reply never came
  std::uint32_t attempts_ = 0;
};

// After a connection that was not made: try the same attempt again after `pause` (this side
// failed: descriptors, local ports; outcome app_error), give up on the service (the first
// connection failed: the port is closed or filtered), or go on with the next attempt.
enum class FailureAction { retry, give_up, next_attempt };
struct FailureDecision {
  FailureAction action = FailureAction::next_attempt;
  std::chrono::milliseconds pause{0};
};

constexpr std::uint32_t kMaxLocalRetries = 4;
constexpr std::chrono::milliseconds kLocalRetryPause{100};

// `local_retries`: retries made so far for this service; `time_left`: of its budget.
FailureDecision after_failed_connect(Outcome outcome, bool port_seen_open,
                                     std::uint32_t local_retries,
                                     std::chrono::milliseconds time_left);

}  // namespace lw::pipeline
