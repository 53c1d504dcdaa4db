#pragma once

#include "core/probe.h"

namespace lw::probes {

// NATS: reads the INFO banner; when it does not demand auth, connects without credentials,
// subscribes to `>` and sends PING, keeping the messages that arrive before PONG. See README.md.
class NatsProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  bool recognizes_banner(std::string_view banner) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

}  // namespace lw::probes
