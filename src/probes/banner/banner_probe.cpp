#include "probes/banner/banner_probe.h"

#include "core/bytes.h"

namespace lw::probes {
namespace {

constexpr std::uint32_t kBannerCap = 4096;

const ProbeInfo kInfo{
    .id = "banner",
    .default_ports = {},
    .tls_ports = {},
    .kind = ServiceKind::generic,
    .max_reply_bytes = kBannerCap,
    .server_speaks_first = true,
    .role = ProbeRole::banner,
};

bool mostly_binary(std::string_view s) {
  std::size_t odd = 0;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\r' && c != '\n' && c != '\t') || u >= 0x7f) ++odd;
  }
  return odd * 10 > s.size() * 3;
}

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
  // A banner is a line; a reply with no line end runs into the cap (a flood or a stream).
  return reply.find('\n') != std::string_view::npos ? Framing::complete : Framing::need_more;
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
  if (turn->end == ReplyEnd::cap_reached) {
    obs.metadata["anomaly"] = "flood";
    obs.note = "sent " + std::to_string(turn->reply.size()) +
               " bytes without a line end (a flood or a stream)";
  } else if (product.empty() && mostly_binary(turn->reply)) {
    obs.metadata["anomaly"] = "binary";
    obs.note =
        "answered with " + std::to_string(turn->reply.size()) + " bytes of unrecognised binary";
  } else {
    obs.note = product.empty() ? "answered with an unrecognised banner" : "banner names " + product;
  }
  return obs;
}

Verdict BannerProbe::judge(const Observation& obs) const {
  if (!obs.identified) {
    return {VerdictKind::unknown, obs.note, EvidenceKind::none, ""};
  }
  if (obs.metadata.contains("anomaly")) {
    return {VerdictKind::error, obs.note, EvidenceKind::none, obs.proof};
  }
  return {VerdictKind::unknown, obs.note, EvidenceKind::identity, obs.proof};
}

}  // namespace lw::probes
