#pragma once

#include "core/probe.h"

namespace lw::probes {

// Kubernetes API server and kubelet, anonymous. API server: GET /version, then
// GET /api/v1/namespaces?limit=N and GET /api/v1/pods?limit=N. Kubelet (10250/10255, or an API
// port that answers /version with 404): GET /pods.
class KubernetesProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace kubernetes {
constexpr std::string_view kVersionLabel = "GET /version";
constexpr std::string_view kNamespacesLabel = "GET /api/v1/namespaces";
constexpr std::string_view kPodsLabel = "GET /api/v1/pods";
constexpr std::string_view kKubeletPodsLabel = "GET /pods";
}  // namespace kubernetes

}  // namespace lw::probes
