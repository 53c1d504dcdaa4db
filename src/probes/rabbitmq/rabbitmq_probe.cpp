#include "probes/rabbitmq/rabbitmq_probe.h"

#include <array>

#include "probes/common/http_dialogue.h"
#include "probes/rabbitmq/rabbitmq_dialogue.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 2> kPorts{5672, 15672};

const ProbeInfo kInfo{
    .id = "rabbitmq",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::messaging,
    .max_reply_bytes = rabbitmq::kListCap,
    .server_speaks_first = false,
};

bool default_credentials_accepted(const Observation& obs) {
  const auto it = obs.metadata.find("default_credentials");
  if (it == obs.metadata.end() || !it->is_object()) return false;
  const auto accepted = it->find("accepted");
  return accepted != it->end() && accepted->is_boolean() && accepted->get<bool>();
}

}  // namespace

const ProbeInfo& RabbitmqProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> RabbitmqProbe::next(const ProbeOptions& options,
                                            const Transcript& t) const {
  const bool management =
      t.empty() ? rabbitmq::is_management_port(options.port) : rabbitmq::is_management(t);
  return management ? rabbitmq::next_management(options, t) : rabbitmq::next_amqp(options, t);
}

Framing RabbitmqProbe::frame(const Exchange& exchange, std::string_view reply) const {
  if (exchange.request.starts_with("GET ")) return http::frame_http(reply);
  return amqp::frame_reply(reply);
}

Result<Observation> RabbitmqProbe::parse(const Transcript& t) const {
  if (t.empty()) {
    Observation obs;
    obs.note = "no reply";
    return obs;
  }
  return rabbitmq::is_management(t) ? rabbitmq::observe_management(t) : rabbitmq::observe_amqp(t);
}

// The usual facts, plus one rule: the vendor default account logging in is `open` (evidence
// default_credentials, named in the reason and in metadata.evidence). Over AMQP the login alone
// is the proof (evidence access: nothing is read); over HTTP the listing was read (evidence read).
Verdict RabbitmqProbe::judge(const Observation& obs) const {
  if (!obs.identified) {
    return {VerdictKind::not_this_protocol, obs.note.empty() ? "not RabbitMQ" : obs.note,
            EvidenceKind::none, ""};
  }
  if (default_credentials_accepted(obs)) {
    return {VerdictKind::open, obs.note, obs.data_read ? EvidenceKind::read : EvidenceKind::access,
            obs.proof};
  }
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
