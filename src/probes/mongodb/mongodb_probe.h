#pragma once

#include "core/probe.h"

namespace lw::probes {

// MongoDB over OP_MSG: hello, buildInfo, listDatabases, listCollections and a bounded find per
// collection. Error 13 (Unauthorized) means auth_required. No credentials are ever sent.
class MongodbProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

}  // namespace lw::probes
