#pragma once

#include <string>
#include <vector>

#include "core/probe.h"

namespace lw::probes {

// HashiCorp Consul HTTP API (8500): GET /v1/agent/self (version, datacenter), GET
// /v1/catalog/nodes (node names and internal addresses), GET /v1/kv/?keys (the key list), then
// GET /v1/kv/<key> for a few keys (values).
class ConsulProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace consul {
constexpr std::string_view kSelfLabel = "GET /v1/agent/self";
constexpr std::string_view kNodesLabel = "GET /v1/catalog/nodes";
constexpr std::string_view kKeysLabel = "GET /v1/kv/?keys";
constexpr std::size_t kMaxValues = 5;
std::string kv_path(std::string_view key);
}  // namespace consul

}  // namespace lw::probes
