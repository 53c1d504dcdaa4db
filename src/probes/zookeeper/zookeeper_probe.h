#pragma once

#include "core/probe.h"

namespace lw::probes {

// ZooKeeper: a new session (no credentials), the root's children, then getData/getChildren on
// the first two levels. Znode data read = open; NoAuth on every read = auth_required; a root
// listing alone is identity. See README.md.
class ZookeeperProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

}  // namespace lw::probes
