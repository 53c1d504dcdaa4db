#pragma once

#include "core/probe.h"

namespace lw::probes {

// Kibana (5601): GET /api/status (version, whether security answers), then
// GET /api/saved_objects/_find?per_page=N (dashboards, index patterns, saved searches).
class KibanaProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace kibana {
constexpr std::string_view kStatusLabel = "GET /api/status";
constexpr std::string_view kFindLabel = "GET /api/saved_objects/_find";
}  // namespace kibana

}  // namespace lw::probes
