#include "probes/pop3/pop3_probe.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "core/ascii.h"
#include "core/bytes.h"
#include "probes/common/sasl_anonymous.h"
#include "probes/common/steps.h"
#include "probes/pop3/pop3_mail.h"
#include "probes/pop3/pop3_response.h"

namespace lw::probes {
namespace {

constexpr std::uint32_t kLineCap = 8 * 1024;
constexpr std::array<std::uint16_t, 1> kPorts = {110};
constexpr std::array<std::uint16_t, 1> kTlsPorts = {995};

const ProbeInfo kInfo{
    .id = "pop3",
    .default_ports = kPorts,
    .tls_ports = kTlsPorts,
    .kind = ServiceKind::mail,
    .max_reply_bytes = pop3::kHeadersCap,
    .server_speaks_first = true,
};

using pop3::Step;
constexpr std::string_view kAuth = "AUTH ANONYMOUS";
constexpr std::string_view kAuthTrace = "AUTH ANONYMOUS (trace)";

const Turn* find_turn(const Transcript& t, Step step) {
  return find_step(t, static_cast<std::uint32_t>(step));
}

std::optional<pop3::Reply> reply_of(const Turn* turn) {
  if (turn == nullptr) return std::nullopt;
  auto r = pop3::parse(turn->exchange.request, turn->reply);
  if (!r) return std::nullopt;
  return *r;
}

bool ok(const Turn* turn) {
  const auto r = reply_of(turn);
  return r && r->status == pop3::Reply::Status::ok;
}

std::vector<std::string> capabilities(const Transcript& t) {
  std::vector<std::string> caps;
  const auto r = reply_of(find_turn(t, Step::capa));
  if (!r || r->status != pop3::Reply::Status::ok) return caps;
  for (const auto& l : r->lines) {
    if (caps.size() >= 64) break;
    caps.push_back(ascii_upper(std::string_view(l).substr(0, 128)));
  }
  return caps;
}

bool sasl_anonymous(const std::vector<std::string>& caps) {
  return std::any_of(caps.begin(), caps.end(), [](const std::string& c) {
    return c.starts_with("SASL ") && (" " + c + " ").find(" ANONYMOUS ") != std::string::npos;
  });
}

bool has(const std::vector<std::string>& caps, std::string_view c) {
  return std::find(caps.begin(), caps.end(), c) != caps.end();
}

bool logged_in(const Transcript& t) {
  return ok(find_turn(t, Step::auth)) || ok(find_turn(t, Step::auth_trace));
}

Exchange command(Step step, std::string label, std::string_view line) {
  Exchange e;
  e.label = std::move(label);
  e.request = std::string(line) + "\r\n";
  e.max_reply_bytes = kLineCap;
  e.step = static_cast<std::uint32_t>(step);
  return e;
}

std::string product_of(std::string_view greeting) {
  const std::string g = ascii_upper(greeting);
  if (g.find("DOVECOT") != std::string::npos) return "dovecot";
  if (g.find("CYRUS") != std::string::npos) return "cyrus-imapd";
  if (g.find("COURIER") != std::string::npos) return "courier-pop3d";
  if (g.find("QPOPPER") != std::string::npos) return "qpopper";
  if (g.find("EXCHANGE") != std::string::npos) return "microsoft-exchange";
  return "pop3";
}

}  // namespace

const ProbeInfo& Pop3Probe::info() const noexcept {
  return kInfo;
}

bool Pop3Probe::recognizes_banner(std::string_view banner) const {
  return banner.starts_with("+OK");
}

std::optional<Exchange> Pop3Probe::next(const ProbeOptions& options, const Transcript& t) const {
  if (t.empty()) {
    Exchange banner{"banner", "", kLineCap};
    banner.step = static_cast<std::uint32_t>(Step::banner);
    return banner;
  }
  const Turn& last = t.back();
  if (last.end == ReplyEnd::closed || last.end == ReplyEnd::reset) return std::nullopt;
  if (!ok(&t.front())) return std::nullopt;
  if (find_turn(t, Step::capa) == nullptr) return command(Step::capa, "CAPA", "CAPA");
  const auto caps = capabilities(t);
  if (!logged_in(t)) {
    if (!options.default_logins || !sasl_anonymous(caps)) return std::nullopt;
    const Turn* auth = find_turn(t, Step::auth);
    if (auth == nullptr) {
      return command(Step::auth, std::string(kAuth),
                     "AUTH ANONYMOUS " + std::string(sasl::kAnonymousTraceBase64));
    }
    const auto r = reply_of(auth);
    if (r && r->status == pop3::Reply::Status::continuation &&
        find_turn(t, Step::auth_trace) == nullptr) {
      // The trace went as the initial response: an empty line answers the challenge.
      return command(Step::auth_trace, std::string(kAuthTrace), "");
    }
    return std::nullopt;
  }
  const bool pipelining = has(caps, "PIPELINING");
  return pop3::next_mail_exchange(pop3::mail_state(t, pipelining), t, options);
}

Framing Pop3Probe::frame(const Exchange& exchange, std::string_view reply) const {
  if (exchange.step == static_cast<std::uint32_t>(Step::headers)) {
    return pop3::frame_pipelined(exchange.request, reply);
  }
  return pop3::frame(exchange.request, reply);
}

Result<Observation> Pop3Probe::parse(const Transcript& t) const {
  Observation obs;
  if (t.empty()) return obs;
  const auto greeting = reply_of(&t.front());
  if (!greeting || greeting->status != pop3::Reply::Status::ok) {
    obs.note = "no POP3 greeting";
    return obs;
  }
  const Turn* capa = find_turn(t, Step::capa);
  const auto capa_reply = reply_of(capa);
  // Two markers: a +OK greeting, and a CAPA answered the POP3 way (+OK list or -ERR).
  if (!capa_reply || capa_reply->status == pop3::Reply::Status::continuation) {
    obs.note =
        capa == nullptr ? "+OK greeting only" : "+OK greeting, but CAPA not answered in POP3";
    if (capa == nullptr) {
      obs.identified = true;
      obs.product = product_of(greeting->text);
      obs.metadata["greeting"] = printable(greeting->text, 160);
    }
    return obs;
  }
  obs.identified = true;
  obs.product = product_of(greeting->text);
  obs.metadata["greeting"] = printable(greeting->text, 160);
  const auto caps = capabilities(t);
  nlohmann::json cap_json = nlohmann::json::array();
  for (const auto& c : caps) cap_json.push_back(printable(c, 64));
  obs.metadata["capabilities"] = cap_json;
  const bool in = logged_in(t);
  obs.metadata["anonymous_login"] = in;
  if (!in) {
    const Turn* auth =
        find_turn(t, Step::auth_trace) ? find_turn(t, Step::auth_trace) : find_turn(t, Step::auth);
    const auto r = reply_of(auth);
    if (r && r->status == pop3::Reply::Status::err) {
      obs.auth_demanded = true;
      obs.proof = auth->exchange.label;
      obs.note = "AUTH ANONYMOUS refused";
    } else if (!sasl_anonymous(caps)) {
      obs.auth_demanded = true;
      obs.proof = "CAPA";
      obs.note = "no SASL ANONYMOUS: login required";
    } else {
      obs.note = "SASL ANONYMOUS offered but not tried (default logins off) or not completed";
    }
    return obs;
  }
  pop3::read_mail(t, has(caps, "PIPELINING"), obs);
  if (obs.data_read) {
    obs.note = "AUTH ANONYMOUS accepted; " + obs.metadata["sampling"].get<std::string>();
  } else {
    obs.proof = std::string(kAuth);
    obs.note = "AUTH ANONYMOUS accepted; no message read";
  }
  return obs;
}

Verdict Pop3Probe::judge(const Observation& obs) const {
  auto facts = access_facts(obs);
  if (facts.proof.empty()) facts.proof = "banner";
  return decide_verdict(facts);
}

}  // namespace lw::probes
