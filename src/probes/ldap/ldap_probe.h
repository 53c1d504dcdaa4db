#pragma once

#include "core/probe.h"

namespace lw::probes {

// LDAP: anonymous simple bind, the rootDSE, and a bounded subtree search of the naming
// contexts. Entries read = open; a refused anonymous bind or search = auth_required. See README.
class LdapProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

}  // namespace lw::probes
