#pragma once

#include "core/probe.h"

namespace lw::probes {

// Docker Engine API without TLS (2375): GET /version (engine, API and Go versions), then
// GET /containers/json?all=1&limit=N (containers, images, commands, labels).
class DockerProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace docker {
constexpr std::string_view kVersionLabel = "GET /version";
constexpr std::string_view kContainersLabel = "GET /containers/json";
}  // namespace docker

}  // namespace lw::probes
