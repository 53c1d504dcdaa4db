#include "probes/nats/nats_probe.h"

#include <array>

#include "core/bytes.h"
#include "probes/common/sample_text.h"
#include "probes/nats/nats_text.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{4222};
constexpr std::uint32_t kReplyCap = 128 * 1024;
constexpr std::size_t kPayloadShown = 4096;

const ProbeInfo kInfo{
    .id = "nats",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::messaging,
    .max_reply_bytes = kReplyCap,
    .server_speaks_first = true,
};

bool valid_info(const nlohmann::json& info) {
  return info.contains("server_id") && info.contains("version") && info["version"].is_string();
}

std::string str(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

const ProbeInfo& NatsProbe::info() const noexcept {
  return kInfo;
}

bool NatsProbe::recognizes_banner(std::string_view banner) const {
  auto r = nats::read_server(banner);
  return r && r->info && valid_info(*r->info);
}

std::optional<Exchange> NatsProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) return Exchange{"INFO", "", 16 * 1024};
  if (t.size() > 1 || t.back().end != ReplyEnd::complete || o.max_sample_records == 0) {
    return std::nullopt;
  }
  auto r = nats::read_server(t.front().reply);
  if (!r || !r->info || !valid_info(*r->info)) return std::nullopt;
  const auto auth = r->info->find("auth_required");
  if (auth != r->info->end() && auth->is_boolean() && auth->get<bool>()) return std::nullopt;
  return Exchange{"SUB > (bounded, until PONG)",
                  nats::connect_line() + "SUB > 1\r\nUNSUB 1 " +
                      std::to_string(std::min<std::uint32_t>(o.max_sample_records, 100)) +
                      "\r\nPING\r\n",
                  kReplyCap};
}

Framing NatsProbe::frame(const Exchange& exchange, std::string_view reply) const {
  if (exchange.request.empty()) {
    if (!nats::has_line(reply)) return Framing::need_more;
    return recognizes_banner(reply) ? Framing::complete : Framing::invalid;
  }
  auto r = nats::read_server(reply);
  if (!r) return Framing::invalid;
  return r->pong || r->error ? Framing::complete : Framing::need_more;
}

Result<Observation> NatsProbe::parse(const Transcript& t) const {
  Observation obs;
  if (t.empty() || t.front().reply.empty()) {
    obs.note = "no INFO banner";
    return obs;
  }
  auto banner = nats::read_server(t.front().reply);
  if (!banner || !banner->info || !valid_info(*banner->info)) {
    obs.note = "the banner is not a NATS INFO";
    return obs;
  }
  const auto& info = *banner->info;
  obs.identified = true;
  obs.product = "nats-server";
  obs.version = printable(str(info, "version"), 32);
  auto& md = obs.metadata;
  for (const char* k : {"server_id", "server_name", "go", "host", "port", "max_payload", "proto",
                        "auth_required", "tls_required", "jetstream", "cluster"}) {
    const auto it = info.find(k);
    if (it == info.end()) continue;
    md["info"][k] = it->is_string() ? nlohmann::json(printable(it->get<std::string>(), 128)) : *it;
  }
  nlohmann::json markers = nlohmann::json::array({"INFO with server_id and version"});
  const auto auth = info.find("auth_required");
  if (auth != info.end() && auth->is_boolean() && auth->get<bool>()) {
    obs.auth_demanded = true;
    obs.proof = "INFO";
    obs.note = "INFO says auth_required";
    md["markers"] = markers;
    return obs;
  }
  if (t.size() >= 2) {
    auto r = nats::read_server(t[1].reply);
    if (!r) {
      md["notes"] = nlohmann::json::array({r.error().describe()});
    } else {
      if (r->pong) markers.push_back("PONG after CONNECT without credentials");
      if (r->error) {
        md["error"] = printable(*r->error, 160);
        if (r->error->find("Authorization") != std::string::npos) {
          obs.auth_demanded = true;
          obs.proof = t[1].exchange.label;
          obs.note = "CONNECT without credentials refused: " + printable(*r->error, 80);
        }
      }
      nlohmann::json subjects = nlohmann::json::array();
      for (const auto& m : r->messages) {
        if (subjects.size() < 100) subjects.push_back(printable(m.subject, 128));
        obs.samples.push_back(Sample{"subject " + printable(m.subject, 128),
                                     std::string(guess_content_type(m.payload)),
                                     m.payload.substr(0, kPayloadShown)});
      }
      if (!subjects.empty()) md["subjects"] = subjects;
      if (!obs.samples.empty()) {
        obs.data_read = true;
        obs.proof = t[1].exchange.label;
      }
    }
  }
  md["markers"] = markers;
  if (obs.auth_demanded) return obs;
  if (obs.data_read) {
    obs.note = "messages read on a wildcard subscription without credentials";
  } else {
    obs.proof = t.size() >= 2 ? t[1].exchange.label : "INFO";
    obs.note =
        "no authentication required, but no message passed while subscribed "
        "(NATS keeps no data at rest without JetStream)";
  }
  return obs;
}

Verdict NatsProbe::judge(const Observation& obs) const {
  if (!obs.identified) return {VerdictKind::not_this_protocol, obs.note, EvidenceKind::none, ""};
  if (obs.auth_demanded) {
    return {VerdictKind::auth_required, obs.note, EvidenceKind::identity, obs.proof};
  }
  const auto m = obs.metadata.find("markers");
  const std::size_t n = m != obs.metadata.end() && m->is_array() ? m->size() : 0;
  if (obs.data_read && n >= 2) return {VerdictKind::open, obs.note, EvidenceKind::read, obs.proof};
  return {VerdictKind::unknown, obs.note, EvidenceKind::identity, obs.proof};
}

}  // namespace lw::probes
