#pragma once

#include "core/probe.h"

namespace lw::probes {

// VNC (RFB): when security type None is offered, selects it, reads ServerInit and one 16x16 raw
// framebuffer rectangle (screen content read without a password). See README.md.
class VncProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  bool recognizes_banner(std::string_view banner) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

}  // namespace lw::probes
