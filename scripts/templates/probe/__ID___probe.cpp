#include "probes/__ID__/__ID___probe.h"

#include <array>

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{__PORT__};
constexpr std::uint32_t kReplyCap = 64 * 1024;

const ProbeInfo kInfo{
    .id = "__ID__",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::database,
    .max_reply_bytes = kReplyCap,
    .server_speaks_first = false,
};

}  // namespace

const ProbeInfo& __CLASS__Probe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> __CLASS__Probe::next(const ProbeOptions&, const Transcript& t) const {
  // TODO(__ID__): the read-only requests, one per call, each depending on the replies so far.
  if (t.empty()) return Exchange{"HELLO", "HELLO\r\n", kReplyCap};
  return std::nullopt;
}

Framing __CLASS__Probe::frame(const Exchange&, std::string_view reply) const {
  return reply.find('\n') != std::string_view::npos ? Framing::complete : Framing::need_more;
}

Result<Observation> __CLASS__Probe::parse(const Transcript& t) const {
  Observation obs;
  // TODO(__ID__): set identified only on two independent protocol markers.
  if (t.empty() || t.front().reply.empty()) return obs;
  return obs;
}

Verdict __CLASS__Probe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
