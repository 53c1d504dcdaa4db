#pragma once

#include "core/probe.h"

namespace lw::probes {

// The fallback: reads what a server says unasked, then what it answers to a blank line, and
// names the product where the banner says it. Never proves `open`.
class BannerProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

// Product and version named by a banner ("SSH-2.0-OpenSSH_9.2p1" -> openssh 9.2p1), if known.
struct BannerProduct {
  std::string product;
  std::string version;
};
BannerProduct product_from_banner(std::string_view banner);

}  // namespace lw::probes
