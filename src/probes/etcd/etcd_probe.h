#pragma once

#include "core/probe.h"

namespace lw::probes {

// etcd v3 through its JSON gateway: GET /version, then POST /v3/kv/range three times over the
// whole key space ("\0".."\0"): count_only, keys_only (bounded by limit), and a bounded read of
// values (limit).
class EtcdProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace etcd {
constexpr std::string_view kVersionLabel = "GET /version";
constexpr std::string_view kCountLabel = "POST /v3/kv/range count_only";
constexpr std::string_view kKeysLabel = "POST /v3/kv/range keys_only";
constexpr std::string_view kValuesLabel = "POST /v3/kv/range values";
// The range request bodies (key and range_end "\0": every key).
std::string count_body();
std::string keys_body(std::uint32_t limit);
std::string values_body(std::uint32_t limit);
}  // namespace etcd

}  // namespace lw::probes
