#pragma once

#include "core/probe.h"

namespace lw::probes {

// Cassandra (CQL native protocol v4): STARTUP answered READY (not AUTHENTICATE), then
// system.local, the schema's tables and a bounded sample of up to 3 user tables. See README.md.
class CassandraProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

}  // namespace lw::probes
