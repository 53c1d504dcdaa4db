#include "probes/banner/banner_probe.h"

#include "core/bytes.h"

namespace lw::probes {
namespace {

constexpr std::uint32_t kBannerCap = 4096;
constexpr std::size_t kLineCap = 1024;

const ProbeInfo kInfo{
    .id = "banner",
    .default_ports = {},
    .tls_ports = {},
    .kind = ServiceKind::generic,
    .max_reply_bytes = kBannerCap,
    .server_speaks_first = true,
};

const Turn* last_with_reply(const Transcript& t) {
  for (auto it = t.rbegin(); it != t.rend(); ++it) {
    if (!it->reply.empty()) return &*it;
  }
  return nullptr;
}

}  // namespace

const ProbeInfo& BannerProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> BannerProbe::next(const ProbeOptions&, const Transcript& t) const {
  if (t.empty()) return Exchange{"banner", "", kBannerCap};
  if (t.size() == 1 && t[0].reply.empty() && t[0].end == ReplyEnd::timeout) {
    return Exchange{"blank line", "\r\n\r\n", kBannerCap};
  }
  return std::nullopt;
}

Framing BannerProbe::frame(const Exchange&, std::string_view reply) const {
  if (reply.find('\n') != std::string_view::npos || reply.size() >= kLineCap) {
    return Framing::complete;
  }
  return Framing::need_more;
}

Result<Observation> BannerProbe::parse(const Transcript& t) const {
  Observation obs;
  const Turn* turn = last_with_reply(t);
  if (turn == nullptr) {
    obs.note = "TCP port open; nothing was said";
    return obs;
  }
  obs.identified = true;
  const auto [product, version] = product_from_banner(turn->reply);
  obs.product = product;
  obs.version = version;
  obs.metadata["banner"] = printable(turn->reply, 256);
  obs.metadata["banner_exchange"] = turn->exchange.label;
  obs.proof = turn->exchange.label;
  obs.note = product.empty() ? "answered with an unrecognised banner" : "banner names " + product;
  return obs;
}

Verdict BannerProbe::judge(const Observation& obs) const {
  if (!obs.identified) {
    return {VerdictKind::unknown, obs.note, EvidenceKind::none, ""};
  }
  return {VerdictKind::unknown, obs.note, EvidenceKind::identity, obs.proof};
}

}  // namespace lw::probes
