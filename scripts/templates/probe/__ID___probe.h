#pragma once

#include "core/probe.h"

namespace lw::probes {

// __TITLE__: what this probe proves and how (see README.md beside this file).
class __CLASS__Probe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

}  // namespace lw::probes
