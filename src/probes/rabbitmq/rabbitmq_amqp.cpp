// The AMQP 0-9-1 dialogue: the protocol header, then (only with --default-credentials, and
// only when the server offers PLAIN) Connection.Start-Ok as guest/guest. Nothing else is sent:
// no Connection.Open, no channel, so nothing can be declared, published or consumed.
#include <algorithm>
#include <array>

#include "core/bytes.h"
#include "probes/common/http_dialogue.h"
#include "probes/rabbitmq/rabbitmq_dialogue.h"

namespace lw::probes::rabbitmq {
namespace {

constexpr std::array<std::string_view, 6> kRecordedProperties{
    "product", "version", "platform", "cluster_name", "copyright", "information"};

std::string lower(std::string s) {
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// The first method frame of a reply, if the reply holds one.
Result<std::optional<amqp::Method>> first_method(std::string_view reply) {
  auto f = amqp::parse_frame(reply);
  if (!f) return tl::unexpected(f.error());
  if (!*f) return std::optional<amqp::Method>{};
  auto m = amqp::parse_method(**f);
  if (!m) return tl::unexpected(m.error());
  return std::optional<amqp::Method>{*m};
}

// Only a whole, well-formed method frame on channel 0 with class 10 method 10 is taken as
// Connection.Start; any other bytes (another protocol, a frame-like prefix with a huge size or a
// wrong frame-end) are not AMQP. Once it is Start, malformed arguments are an Error.
void read_start(const Turn& turn, AmqpState& s) {
  if (auto h = amqp::parse_protocol_header(turn.reply)) {
    s.other_header = *h;
    return;
  }
  auto f = amqp::parse_frame(turn.reply);
  if (!f || !*f || (*f)->type != amqp::kFrameMethod || (*f)->channel != 0) return;
  auto m = amqp::parse_method(**f);
  if (!m || m->class_id != amqp::kClassConnection || m->method_id != amqp::kMethodStart) return;
  auto start = amqp::parse_connection_start(m->args);
  if (!start) {
    s.start_error = start.error();
    return;
  }
  s.start = std::move(*start);
}

void read_login(const Turn& turn, AmqpState& s) {
  auto m = first_method(turn.reply);
  if (m && *m && (*m)->class_id == amqp::kClassConnection) {
    if ((*m)->method_id == amqp::kMethodTune) {
      s.login = Login::accepted;
      s.login_detail = "Connection.Tune";
      return;
    }
    if ((*m)->method_id == amqp::kMethodClose) {
      s.login = Login::refused;
      auto c = amqp::parse_connection_close((*m)->args);
      s.login_detail = c ? "Connection.Close " + std::to_string(c->reply_code) + " " +
                               printable(c->reply_text, 120)
                         : "Connection.Close";
      return;
    }
  }
  // Servers without authentication_failure_close just drop the connection on a bad login.
  if (turn.reply.empty() && (turn.end == ReplyEnd::closed || turn.end == ReplyEnd::reset)) {
    s.login = Login::refused;
    s.login_detail = "the server closed the connection";
    return;
  }
  s.login = Login::no_answer;
  s.login_detail = "no Tune or Close came back";
}

}  // namespace

bool offers(const amqp::ConnectionStart& start, std::string_view mechanism) {
  return std::find(start.mechanisms.begin(), start.mechanisms.end(), mechanism) !=
         start.mechanisms.end();
}

std::string property(const amqp::FlatTable& table, std::string_view key) {
  for (const auto& [k, v] : table) {
    if (k == key) return v;
  }
  return {};
}

AmqpState analyse_amqp(const Transcript& t) {
  AmqpState s;
  if (const Turn* h = http::find_turn(t, kHeaderLabel)) read_start(*h, s);
  if (const Turn* l = http::find_turn(t, kStartOkLabel)) read_login(*l, s);
  return s;
}

std::optional<Exchange> next_amqp(const ProbeOptions& options, const Transcript& t) {
  if (t.empty())
    return Exchange{std::string(kHeaderLabel), std::string(amqp::kProtocolHeader), kAmqpReplyCap};
  if (t.size() > 1 || !options.default_credentials) return std::nullopt;
  const AmqpState s = analyse_amqp(t);
  if (!s.start || !offers(*s.start, "PLAIN") || s.start->version_minor != 9) return std::nullopt;
  return Exchange{std::string(kStartOkLabel), amqp::start_ok_plain(kGuest.user, kGuest.password),
                  kAmqpReplyCap};
}

Result<Observation> observe_amqp(const Transcript& t) {
  Observation obs;
  const AmqpState s = analyse_amqp(t);
  if (s.start_error) return tl::unexpected(*s.start_error);
  if (s.other_header) {
    const auto& h = *s.other_header;
    obs.note = "an AMQP server that wants protocol " + std::to_string(h.a) + "-" +
               std::to_string(h.b) + "-" + std::to_string(h.c) + "-" + std::to_string(h.d) +
               ", not 0-9-1";
    return obs;
  }
  if (!s.start || s.start->version_major != 0 || s.start->version_minor != 9 ||
      s.start->mechanisms.empty()) {
    obs.note = "no AMQP 0-9-1 Connection.Start in reply to the protocol header";
    return obs;
  }
  const auto& start = *s.start;
  obs.identified = true;
  const std::string product = property(start.server_properties, "product");
  obs.product = product.empty() ? "amqp" : lower(printable(product, 32));
  obs.version = printable(property(start.server_properties, "version"), 32);
  auto& md = obs.metadata;
  md["protocol"] = "amqp-0-9-1";
  for (const auto key : kRecordedProperties) {
    const std::string v = property(start.server_properties, key);
    if (!v.empty()) md["server_properties"][std::string(key)] = printable(v, 256);
  }
  nlohmann::json caps = nlohmann::json::array();
  for (const auto& [k, v] : start.server_properties) {
    if (k.starts_with("capabilities.") && v == "true" && caps.size() < 32) {
      caps.push_back(k.substr(13));
    }
  }
  md["capabilities"] = caps;
  md["mechanisms"] = start.mechanisms;
  md["locales"] = start.locales;
  obs.proof = std::string(kHeaderLabel);
  if (offers(start, "ANONYMOUS")) {
    obs.note = "Connection.Start offers the ANONYMOUS mechanism (not tried)";
    return obs;
  }
  obs.auth_demanded = true;
  std::string mechs;
  for (const auto& m : start.mechanisms) mechs += (mechs.empty() ? "" : " ") + m;
  obs.note = "Connection.Start demands SASL credentials (" + printable(mechs, 80) + ")";
  if (s.login == Login::not_tried) return obs;
  const bool accepted = s.login == Login::accepted;
  md["default_credentials"] = {{"account", kGuest.user},
                               {"accepted", accepted},
                               {"via", "AMQP SASL PLAIN"},
                               {"answer", printable(s.login_detail, 160)}};
  obs.proof = std::string(kStartOkLabel);
  if (accepted) {
    md["evidence"] = "default_credentials";
    obs.note =
        "default_credentials: the vendor default account guest/guest logged in over AMQP "
        "(Connection.Tune)";
  } else if (s.login == Login::refused) {
    obs.note += "; the default account guest was refused (" + printable(s.login_detail, 120) + ")";
  } else {
    obs.note += "; no answer to the default account guest";
  }
  return obs;
}

}  // namespace lw::probes::rabbitmq
