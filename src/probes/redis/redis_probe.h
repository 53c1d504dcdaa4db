#pragma once

#include "core/probe.h"

namespace lw::probes {

// Redis (and RESP-compatible forks): INFO, then SCAN / TYPE / bounded reads per type in up to
// four databases. NOAUTH, NOPERM and protected-mode (DENIED) replies mean auth_required; a
// Sentinel is identified and never judged open. See README.md.
class RedisProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

}  // namespace lw::probes
