#pragma once

#include "core/probe.h"

namespace lw::probes {

// PostgreSQL: startup as the default superuser `postgres` with no password; AuthenticationOk
// (trust) then read-only catalog queries and a bounded row sample. See README.md.
class PostgresqlProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

}  // namespace lw::probes
