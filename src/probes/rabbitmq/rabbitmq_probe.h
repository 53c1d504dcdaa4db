#pragma once

#include "core/probe.h"

namespace lw::probes {

// RabbitMQ: AMQP 0-9-1 (5672; the protocol header, answered by Connection.Start with product
// and version) and the management HTTP API (15672; GET /api/overview). Without credentials a
// stock node is auth_required; with --default-credentials the vendor default guest/guest is
// tried (AMQP Start-Ok PLAIN, HTTP Basic) and, when accepted, the verdict is open with evidence
// default_credentials. Read-only: see README.md.
class RabbitmqProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

}  // namespace lw::probes
