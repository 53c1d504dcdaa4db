#pragma once

#include <string_view>

#include "core/probe.h"

namespace lw::probes {

// POP3: greeting and CAPA; with default logins and a SASL ANONYMOUS offer, AUTH ANONYMOUS
// (RFC 5034), then STAT, LIST and TOP (or RETR) of the first few messages, bounded. Never
// DELE; no QUIT, so nothing is committed. See README.md.
class Pop3Probe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  bool recognizes_banner(std::string_view banner) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

}  // namespace lw::probes
