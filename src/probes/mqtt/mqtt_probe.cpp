#include "probes/mqtt/mqtt_probe.h"

#include <array>

#include "core/bytes.h"
#include "probes/common/sample_text.h"
#include "probes/common/steps.h"
#include "probes/mqtt/mqtt_packets.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{1883};
constexpr std::uint32_t kReplyCap = 256 * 1024;
constexpr std::size_t kMaxTopicsListed = 200;
constexpr std::size_t kPayloadShown = 4096;
constexpr std::size_t kMaxDataSamples = 20;

const ProbeInfo kInfo{
    .id = "mqtt",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::messaging,
    .max_reply_bytes = kReplyCap,
    .server_speaks_first = false,
};

std::optional<std::uint8_t> connack_code(std::string_view reply) {
  auto packets = mqtt::split_packets(reply);
  if (!packets || packets->empty()) return std::nullopt;
  const auto& p = packets->front();
  if (p.type != 2 || p.flags != 0 || p.body.size() != 2) return std::nullopt;
  const auto rc = static_cast<std::uint8_t>(p.body[1]);
  if (rc > 5) return std::nullopt;
  return rc;
}

std::string connack_text(std::uint8_t rc) {
  switch (rc) {
    case 1:
      return "unacceptable protocol version";
    case 2:
      return "identifier rejected";
    case 3:
      return "server unavailable";
    case 4:
      return "bad user name or password";
    case 5:
      return "not authorized";
    default:
      return "accepted";
  }
}

}  // namespace

const ProbeInfo& MqttProbe::info() const noexcept {
  return kInfo;
}

namespace {
// The probe's steps (Exchange::step); a reply is framed by its step, never by its label.
enum class Step : std::uint32_t { connect = 0, subscribe };
}  // namespace

std::optional<Exchange> MqttProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) {
    return Exchange{"CONNECT (no credentials)", mqtt::connect_packet("leakwatch"), 64,
                    step_id(Step::connect)};
  }
  if (t.size() > 1 || t.back().end != ReplyEnd::complete || o.max_sample_records == 0) {
    return std::nullopt;
  }
  if (connack_code(t[0].reply) != 0) return std::nullopt;
  return Exchange{"SUBSCRIBE # and $SYS/# (retained, until PINGRESP)",
                  mqtt::subscribe_packet(1, {"#", "$SYS/#"}) + mqtt::pingreq_packet(), kReplyCap,
                  step_id(Step::subscribe)};
}

Framing MqttProbe::frame(const Exchange& exchange, std::string_view reply) const {
  mqtt::Limits limits;
  limits.max_packet = exchange.max_reply_bytes;
  auto packets = mqtt::split_packets(reply, limits);
  if (!packets) return Framing::invalid;
  if (exchange.step == step_id(Step::connect)) {
    if (packets->empty())
      return reply.empty() || reply[0] == '\x20' ? Framing::need_more : Framing::invalid;
    return Framing::complete;
  }
  for (const auto& p : *packets) {
    if (p.type == 13) return Framing::complete;  // PINGRESP
  }
  return Framing::need_more;
}

Result<Observation> MqttProbe::parse(const Transcript& t) const {
  Observation obs;
  if (t.empty() || t.front().reply.empty()) {
    obs.note = "no reply to CONNECT";
    return obs;
  }
  const auto rc = connack_code(t.front().reply);
  if (!rc) {
    obs.note = "the reply to CONNECT is not a CONNACK";
    return obs;
  }
  obs.identified = true;
  obs.product = "mqtt";
  auto& md = obs.metadata;
  md["connack"] = {{"code", *rc}, {"meaning", connack_text(*rc)}};
  nlohmann::json markers = nlohmann::json::array();
  if (*rc == 4 || *rc == 5) {
    obs.auth_demanded = true;
    obs.proof = t.front().exchange.label;
    obs.note = "CONNECT without credentials refused: " + connack_text(*rc);
    md["markers"] = markers;
    obs.markers = static_cast<std::uint32_t>(markers.size());
    return obs;
  }
  if (*rc != 0) {
    obs.proof = t.front().exchange.label;
    obs.note = "CONNECT refused: " + connack_text(*rc);
    md["markers"] = markers;
    obs.markers = static_cast<std::uint32_t>(markers.size());
    return obs;
  }
  markers.push_back("CONNACK accepted a client without credentials");
  if (t.size() >= 2) {
    auto packets = mqtt::split_packets(t[1].reply);
    if (!packets) {
      md["notes"] = nlohmann::json::array({packets.error().describe()});
    } else {
      nlohmann::json topics = nlohmann::json::array();
      nlohmann::json sys = nlohmann::json::object();
      for (const auto& p : *packets) {
        if (p.type == 9 && p.body.size() >= 3) {
          const bool granted = static_cast<std::uint8_t>(p.body[2]) != 0x80;
          md["subscribe_granted"] = granted;
          if (granted) markers.push_back("SUBACK granted #");
          // A subscription to every topic granted without credentials: a data command that
          // a broker with allow_anonymous false refuses (at CONNECT).
          obs.data_command_accepted = granted;
          obs.capabilities.read = granted;
        }
        if (p.type != 3) continue;
        auto pub = mqtt::parse_publish(p);
        if (!pub) continue;
        if (pub->topic.starts_with("$SYS/")) {
          if (sys.size() < 64) sys[printable(pub->topic, 96)] = printable(pub->payload, 96);
          if (pub->topic == "$SYS/broker/version") {
            const std::string& v = pub->payload;  // "mosquitto version 2.0.11"
            if (v.starts_with("mosquitto version ")) {
              obs.product = "mosquitto";
              obs.version = printable(v.substr(18), 32);
            }
          }
          continue;
        }
        if (topics.size() < kMaxTopicsListed) topics.push_back(printable(pub->topic, 128));
        if (obs.samples.size() < kMaxDataSamples) {
          obs.samples.push_back(Sample{"topic " + printable(pub->topic, 128),
                                       std::string(guess_content_type(pub->payload)),
                                       pub->payload.substr(0, kPayloadShown)});
        }
      }
      if (!topics.empty()) md["retained_topics"] = topics;
      if (!sys.empty()) md["sys"] = sys;
    }
  }
  md["markers"] = markers;
  obs.markers = static_cast<std::uint32_t>(markers.size());
  if (!obs.samples.empty()) {
    obs.data_read = true;
    obs.proof = t[1].exchange.label;
    obs.note = "retained messages read without credentials";
  } else {
    obs.proof = t.size() >= 2 ? t[1].exchange.label : t[0].exchange.label;
    obs.note = "accepted without credentials; no retained message outside $SYS";
  }
  return obs;
}

Verdict MqttProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
