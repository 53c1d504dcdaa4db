#include "pipeline/attempt_plan.h"

#include <algorithm>

namespace lw::pipeline {
namespace {

bool listed(std::span<const std::uint16_t> ports, std::uint16_t port) {
  return std::find(ports.begin(), ports.end(), port) != ports.end();
}

}  // namespace

bool is_connect_only(std::span<const std::string> probe_ids) {
  return probe_ids.size() == 1 && probe_ids[0] == kConnectOnlyId;
}

AttemptPlan::AttemptPlan(const PlanInputs& in)
    : probes_(in.probes.begin(), in.probes.end()), max_attempts_(in.max_attempts) {
  for (const Probe* p : probes_) {
    if (p->info().role == ProbeRole::banner && banner_ == nullptr) banner_ = p;
  }
  if (in.connect_only || banner_ == nullptr) {
    queue_.push_back({nullptr, TlsMode::plain});
    return;
  }
  for (const Probe* p : probes_) {
    if (listed(p->info().tls_ports, in.port)) queue_.push_back({p, TlsMode::tls});
  }
  for (const Probe* p : probes_) {
    if (p != banner_ && listed(p->info().default_ports, in.port)) {
      queue_.push_back({p, TlsMode::plain});
    }
  }
  queue_.push_back({banner_, TlsMode::plain});
}

bool AttemptPlan::tried(const Attempt& a) const {
  return std::find(tried_.begin(), tried_.end(), a) != tried_.end();
}

std::optional<Attempt> AttemptPlan::next(bool speaks_tls) {
  const auto resolve = [&](const Planned& p) {
    return Attempt{p.probe, p.mode == TlsMode::tls || (p.mode == TlsMode::detected && speaks_tls)};
  };
  while (!queue_.empty() && tried(resolve(queue_.front()))) queue_.erase(queue_.begin());
  if (queue_.empty() || attempts_ >= max_attempts_) return std::nullopt;
  const Attempt a = resolve(queue_.front());
  queue_.erase(queue_.begin());
  tried_.push_back(a);
  ++attempts_;
  return a;
}

void AttemptPlan::not_this_protocol(const Attempt& a, bool timed_out) {
  if (timed_out) timed_out_.push_back(a);
}

void AttemptPlan::banner_named(std::string_view banner, bool tls) {
  // The banner names the product at most; a probe that knows the banner may prove more.
  for (const Probe* p : probes_) {
    if (p == banner_ || !p->recognizes_banner(banner)) continue;
    // A slow greeting (a server forking its login process under load) may have timed out the
    // first try of the probe that knows this banner: it gets one more.
    const Attempt a{p, tls};
    if (const auto slow = std::find(timed_out_.begin(), timed_out_.end(), a);
        slow != timed_out_.end()) {
      timed_out_.erase(slow);
      std::erase(tried_, a);
    }
    queue_.push_back({p, tls ? TlsMode::tls : TlsMode::plain});
  }
}

void AttemptPlan::banner_silent(bool tls) {
  // Silence: perhaps TLS, then the client-first probes.
  if (!tls) queue_.push_back({banner_, TlsMode::tls});
  for (const Probe* p : probes_) {
    if (p != banner_ && !p->info().server_speaks_first) queue_.push_back({p, TlsMode::detected});
  }
}

FailureDecision after_failed_connect(Outcome outcome, bool port_seen_open,
                                     std::uint32_t local_retries,
                                     std::chrono::milliseconds time_left) {
  if (outcome == Outcome::app_error && local_retries < kMaxLocalRetries &&
      kLocalRetryPause < time_left) {
    // This side failed (descriptors, local ports): the target was not tried; try again, each
    // time after a longer pause.
    return {FailureAction::retry, kLocalRetryPause * (local_retries + 1)};
  }
  // The first connection decides whether the port is open at all.
  if (!port_seen_open) return {FailureAction::give_up, {}};
  return {FailureAction::next_attempt, {}};
}

}  // namespace lw::pipeline
