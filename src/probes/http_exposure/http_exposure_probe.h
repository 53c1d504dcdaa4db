#pragma once

#include <string_view>

#include "core/probe.h"

namespace lw::probes {

// Web exposures on any HTTP server: a directory listing at /, an exposed /.git/ (HEAD and
// config), /.env and /server-status. A nonexistent path is asked first, so a server that
// answers 200 (or the same page) to everything is never taken for an exposure. See README.md.
class HttpExposureProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace http_exposure {
// The path that no real site serves, asked first as the baseline.
inline constexpr std::string_view kBaselinePath = "/lw-nonexistent-7f3c9a1e";
}  // namespace http_exposure

}  // namespace lw::probes
