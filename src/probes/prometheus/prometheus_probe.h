#pragma once

#include "core/probe.h"

namespace lw::probes {

// Prometheus server HTTP API (9090): GET /api/v1/status/buildinfo (version), then
// GET /api/v1/targets?state=active: the scrape targets, whose URLs and labels name internal
// hosts and services.
class PrometheusProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace prometheus {
constexpr std::string_view kBuildinfoLabel = "GET /api/v1/status/buildinfo";
constexpr std::string_view kTargetsLabel = "GET /api/v1/targets?state=active";
}  // namespace prometheus

}  // namespace lw::probes
