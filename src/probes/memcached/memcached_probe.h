#pragma once

#include "core/probe.h"

namespace lw::probes {

// Memcached text protocol: stats, stats items, stats cachedump per slab class (or one bounded
// lru_crawler metadump when cachedump lists nothing), then one get of a few small keys.
// CLIENT_ERROR unauthenticated (ASCII auth, -Y) means auth_required. See README.md.
class MemcachedProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

}  // namespace lw::probes
