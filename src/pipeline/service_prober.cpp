#include "pipeline/service_prober.h"

#include <algorithm>
#include <memory>

#include <asio/steady_timer.hpp>

#include "core/bytes.h"
#include "pipeline/attempt_plan.h"

namespace lw::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A dialogue that sends nothing: connect, then close (connect-only mode).
class NoDialogue final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override {
    static const ProbeInfo kInfo{.id = "connect",
                                 .default_ports = {},
                                 .tls_ports = {},
                                 .kind = ServiceKind::generic,
                                 .max_reply_bytes = 1,
                                 .server_speaks_first = false,
                                 .role = ProbeRole::connect_only};
    return kInfo;
  }
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override {
    return std::nullopt;
  }
  Framing frame(const Exchange&, std::string_view) const override { return Framing::complete; }
  Result<Observation> parse(const Transcript&) const override { return Observation{}; }
  Verdict judge(const Observation&) const override { return {}; }
};

struct Concluded {
  const Probe* probe;
  bool tls;
  Outcome outcome;
  Verdict verdict;
  Observation observation;
};

class ServiceRun : public std::enable_shared_from_this<ServiceRun> {
 public:
  ServiceRun(asio::io_context& io, const ProberSettings& s, const discovery::Target& t,
             const std::string& host, const ConnectGate& gate,
             std::function<void(ServiceOutcome)> done)
      : io_(io),
        s_(s),
        gate_(gate),
        done_(std::move(done)),
        endpoint_(make_endpoint(t)),
        retry_timer_(io),
        plan_(PlanInputs{s.probes, s.connect_only, t.port, s.max_attempts}) {
    options_ = s.options;
    options_.host_name = host;
    options_.port = t.port;
    options_.address = endpoint_.address().to_string();
    auto& rec = outcome_.record;
    rec.address = t.address;
    rec.port = t.port;
    rec.host_name = host;
    rec.time_ms = now_ms();
  }

  void start() { next_attempt(); }

 private:
  static asio::ip::tcp::endpoint make_endpoint(const discovery::Target& t) {
    if (!t.address.v6) return {asio::ip::address_v4(t.address.v4()), t.port};
    asio::ip::address_v6::bytes_type bytes{};
    const auto b = t.address.v6_bytes();
    std::copy(b.begin(), b.end(), bytes.begin());
    return {asio::ip::address_v6(bytes), t.port};
  }

  void next_attempt() {
    if (Clock::now() >= deadline_) return finish();
    const std::optional<Attempt> next = plan_.next(speaks_tls_);
    if (!next) return finish();
    auto self = shared_from_this();
    gate_([self, a = *next] { self->run(a.probe, a.tls); });
  }

  void run(const Probe* probe, bool tls) {
    static const NoDialogue kConnectOnly;
    if (!clock_started_) {
      // The budget starts with the first connection, not while it waits for a rate token: a
      // slow rate must not time a target out before a packet was sent to it.
      clock_started_ = true;
      started_ = Clock::now();
      deadline_ = started_ + s_.service_budget;
    }
    net::DialogueLimits limits = s_.limits;
    limits.deadline = deadline_;
    auto self = shared_from_this();
    net::start_dialogue(
        io_, endpoint_, probe ? *probe : kConnectOnly, options_, tls ? s_.tls : nullptr, limits,
        [self, probe, tls](net::DialogueResult r) { self->on_dialogue(probe, tls, std::move(r)); });
  }

  std::chrono::milliseconds time_left() const {
    const auto now = Clock::now();
    if (now >= deadline_) return std::chrono::milliseconds(0);
    if (deadline_ == Clock::time_point::max()) return std::chrono::milliseconds::max();
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - now);
  }

  void on_dialogue(const Probe* probe, bool tls, net::DialogueResult r) {
    if (!r.connected) {
      const FailureDecision d =
          after_failed_connect(r.outcome, outcome_.port_open, local_retries_, time_left());
      if (d.action == FailureAction::retry) {
        ++local_retries_;
        retry_timer_.expires_after(d.pause);
        auto self = shared_from_this();
        retry_timer_.async_wait([self, probe, tls](const asio::error_code&) {
          self->gate_([self, probe, tls] { self->run(probe, tls); });
        });
        return;
      }
      last_outcome_ = r.outcome;
      if (d.action == FailureAction::give_up) return finish();
      last_failure_ = r.detail;
      return next_attempt();
    }
    outcome_.port_open = true;
    for (const auto& turn : r.transcript) heard_ = heard_ || !turn.reply.empty();
    if (r.tls) {
      speaks_tls_ = true;
      if (!outcome_.record.tls) outcome_.record.tls = r.tls;
    }
    if (probe == nullptr) {
      outcome_.record.probe = "connect";
      outcome_.record.verdict = {VerdictKind::unknown, "TCP port open (connect-only scan)",
                                 EvidenceKind::none, ""};
      concluded_ = true;
      return finish();
    }
    outcome_.record.attempts.push_back(std::string(probe->info().id) + (tls ? "+tls" : ""));
    auto obs = probe->parse(r.transcript);
    const Verdict v =
        obs ? probe->judge(*obs)
            : Verdict{VerdictKind::error, obs.error().describe(), EvidenceKind::identity, ""};
    Concluded c{probe, tls, r.outcome, v, obs ? std::move(*obs) : Observation{}};
    if (probe->info().role == ProbeRole::banner) return on_banner(std::move(c), r);
    if (v.kind != VerdictKind::not_this_protocol) return start_follow_ups(std::move(c));
    plan_.not_this_protocol(Attempt{probe, tls}, r.outcome == Outcome::timeout);
    last_outcome_ = r.outcome;
    last_failure_ = r.detail;
    next_attempt();
  }

  void on_banner(Concluded c, const net::DialogueResult& r) {
    last_outcome_ = r.outcome;
    last_failure_ = r.detail;
    if (c.observation.identified) {
      // The banner names the product at most; a probe that knows the banner may prove more.
      std::string_view banner;
      for (const auto& t : r.transcript) {
        if (!t.reply.empty()) {
          banner = t.reply;
          break;
        }
      }
      plan_.banner_named(banner, c.tls);
      banner_result_ = std::move(c);
      return next_attempt();
    }
    plan_.banner_silent(c.tls);
    next_attempt();
  }

  // Runs the concluded probe's follow-up dialogues one after another, each on a new connection
  // with the same transport, then folds their results into its observation.
  void start_follow_ups(Concluded c) {
    if (c.verdict.kind == VerdictKind::error) return conclude(std::move(c));
    follow_ups_ = c.probe->follow_ups(c.observation, options_);
    if (follow_ups_.size() > kMaxFollowUps) follow_ups_.resize(kMaxFollowUps);
    follow_results_.clear();
    pending_ = std::move(c);
    next_follow_up();
  }

  void next_follow_up() {
    const std::size_t i = follow_results_.size();
    if (i >= follow_ups_.size() || Clock::now() >= deadline_) return fold_follow_ups();
    const Probe* probe = follow_ups_[i].get();
    const bool tls = pending_->tls;
    // A follow-up names at most another port: the address is always the service's own.
    asio::ip::tcp::endpoint to = endpoint_;
    if (probe->follow_up_port() != 0) to.port(probe->follow_up_port());
    auto self = shared_from_this();
    gate_([self, probe, tls, to] {
      net::DialogueLimits limits = self->s_.limits;
      limits.deadline = self->deadline_;
      net::start_dialogue(
          self->io_, to, *probe, self->options_, tls ? self->s_.tls : nullptr, limits,
          [self, probe](net::DialogueResult r) { self->on_follow_up(*probe, std::move(r)); });
    });
  }

  void on_follow_up(const Probe& probe, net::DialogueResult r) {
    outcome_.record.attempts.push_back(std::string(probe.info().id) + "+follow-up");
    if (!r.connected) {
      follow_results_.push_back(tl::unexpected(
          Error{ErrorCode::io_error, "follow-up connection failed: " + r.detail, ""}));
    } else {
      follow_results_.push_back(probe.parse(r.transcript));
    }
    next_follow_up();
  }

  void fold_follow_ups() {
    Concluded c = std::move(*pending_);
    pending_.reset();
    if (!follow_results_.empty()) {
      c.observation = c.probe->fold(std::move(c.observation), follow_results_);
      c.verdict = c.probe->judge(c.observation);
    }
    follow_ups_.clear();
    follow_results_.clear();
    conclude(std::move(c));
  }

  void conclude(Concluded c) {
    auto& rec = outcome_.record;
    rec.probe = std::string(c.probe->info().id);
    rec.transport = c.tls ? Transport::tls : Transport::tcp;
    rec.outcome = c.outcome;
    rec.verdict = c.verdict;
    rec.product = c.observation.product;
    rec.version = c.observation.version;
    rec.metadata = std::move(c.observation.metadata);
    rec.data_bytes = c.observation.data_bytes;
    rec.record_count = c.observation.record_count;
    if (rec.verdict.kind == VerdictKind::open) {
      // What was granted counts only when it was granted: an open service reads at least.
      rec.capabilities = c.observation.capabilities;
      rec.capabilities.read = true;
    }
    outcome_.samples = c.probe->samples(c.observation, s_.sample_limits);
    for (const auto& sample : outcome_.samples) {
      ++rec.sample_count;
      rec.sample_bytes += sample.data.size();
    }
    concluded_ = true;
    finish();
  }

  void finish() {
    if (finished_) return;
    if (outcome_.port_open && !concluded_ && banner_result_) {
      auto c = std::move(*banner_result_);
      banner_result_.reset();
      return conclude(std::move(c));
    }
    finished_ = true;
    auto& rec = outcome_.record;
    // refused or timeout: nothing answered; app_error: this side could not try (net/dialogue.h)
    if (!outcome_.port_open) rec.outcome = last_outcome_;
    if (outcome_.port_open && !concluded_) {
      rec.probe = plan_.banner() ? std::string(plan_.banner()->info().id) : "connect";
      rec.transport = speaks_tls_ ? Transport::tls : Transport::tcp;
      rec.outcome = last_outcome_;
      // A port that said something no probe knows is a service of unknown kind; one that never
      // said a byte (closed or reset at once, silent) proved nothing: inconclusive, so a known
      // service's open or secured state stays as it was (docs/catalog.md).
      if (heard_ && (last_outcome_ == Outcome::success || last_outcome_ == Outcome::closed)) {
        rec.verdict = {VerdictKind::unknown, "TCP port open; no probe identified the service",
                       EvidenceKind::none, ""};
      } else {
        rec.verdict = {VerdictKind::error,
                       "no probe identified the service; the last attempt ended with " +
                           std::string(to_string(last_outcome_)) +
                           (last_failure_.empty() ? "" : " (" + last_failure_ + ")"),
                       EvidenceKind::none, ""};
      }
    }
    rec.duration_ms = static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_).count());
    auto done = std::move(done_);
    done(std::move(outcome_));
  }

  asio::io_context& io_;
  const ProberSettings& s_;
  const ConnectGate& gate_;
  std::function<void(ServiceOutcome)> done_;
  asio::ip::tcp::endpoint endpoint_;
  asio::steady_timer retry_timer_;
  bool clock_started_ = false;
  Clock::time_point started_ = Clock::now();
  Clock::time_point deadline_ = Clock::time_point::max();
  ProbeOptions options_;
  AttemptPlan plan_;
  std::uint32_t local_retries_ = 0;
  ServiceOutcome outcome_;
  std::optional<Concluded> banner_result_;
  std::optional<Concluded> pending_;  // waiting for its follow-ups
  std::vector<std::unique_ptr<Probe>> follow_ups_;
  std::vector<Result<Observation>> follow_results_;
  Outcome last_outcome_ = Outcome::success;
  std::string last_failure_;
  bool speaks_tls_ = false;
  bool heard_ = false;  // some connection received at least one byte
  bool concluded_ = false;
  bool finished_ = false;
};

}  // namespace

void probe_service(asio::io_context& io, const ProberSettings& settings,
                   const discovery::Target& target, const std::string& host_name,
                   const ConnectGate& gate, std::function<void(ServiceOutcome)> done) {
  std::make_shared<ServiceRun>(io, settings, target, host_name, gate, std::move(done))->start();
}

}  // namespace lw::pipeline
