#pragma once

#include "core/probe.h"

namespace lw::probes {

// MQTT 3.1.1: CONNECT without credentials; when accepted, SUBSCRIBE to `#` and `$SYS/#` and a
// PINGREQ, keeping the retained messages that arrive before PINGRESP. See README.md.
class MqttProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

}  // namespace lw::probes
