#include "probes/imap/imap_probe.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "core/ascii.h"
#include "core/bytes.h"
#include "probes/common/sasl_anonymous.h"
#include "probes/common/steps.h"
#include "probes/imap/imap_mail.h"
#include "probes/imap/imap_response.h"

namespace lw::probes {
namespace {

constexpr std::uint32_t kLineCap = 16 * 1024;
constexpr std::array<std::uint16_t, 1> kPorts = {143};
constexpr std::array<std::uint16_t, 1> kTlsPorts = {993};

const ProbeInfo kInfo{
    .id = "imap",
    .default_ports = kPorts,
    .tls_ports = kTlsPorts,
    .kind = ServiceKind::mail,
    .max_reply_bytes = imap::kHeadersCap,
    .server_speaks_first = true,
};

using imap::Step;
constexpr std::string_view kCapability = "CAPABILITY";
constexpr std::string_view kAuth = "AUTHENTICATE ANONYMOUS";
constexpr std::string_view kAuthTrace = "AUTHENTICATE ANONYMOUS (trace)";

const Turn* find_turn(const Transcript& t, Step step) {
  return find_step(t, static_cast<std::uint32_t>(step));
}

std::vector<imap::Response> responses(const Turn* turn) {
  if (turn == nullptr) return {};
  auto p = imap::parse(turn->reply);
  return p ? std::move(p->responses) : std::vector<imap::Response>{};
}

// The status word of the tagged reply in a turn ("OK", "NO", "BAD"), or "" when none.
std::string tagged_status(const Turn* turn) {
  for (const auto& r : responses(turn)) {
    if (r.kind == imap::Response::Kind::tagged) return imap::first_word(r.line);
  }
  return {};
}

bool continuation(const Turn* turn) {
  for (const auto& r : responses(turn)) {
    if (r.kind == imap::Response::Kind::continuation) return true;
  }
  return false;
}

// Capabilities from the CAPABILITY reply, or the greeting's [CAPABILITY ...] code.
std::vector<std::string> capabilities(const Transcript& t) {
  std::vector<std::string> caps;
  auto add_from = [&caps](std::string_view words) {
    std::size_t pos = 0;
    while (pos < words.size() && caps.size() < 100) {
      const auto sp = words.find(' ', pos);
      const auto w =
          words.substr(pos, sp == std::string_view::npos ? words.size() - pos : sp - pos);
      if (!w.empty()) caps.push_back(ascii_upper(w.substr(0, 64)));
      if (sp == std::string_view::npos) break;
      pos = sp + 1;
    }
  };
  for (const auto& r : responses(find_turn(t, Step::capability))) {
    if (r.kind == imap::Response::Kind::untagged && imap::first_word(r.line) == "CAPABILITY") {
      add_from(std::string_view(r.line).substr(10));
    }
  }
  if (caps.empty() && !t.empty()) {
    for (const auto& r : responses(&t.front())) {
      const auto at = r.line.find("[CAPABILITY ");
      if (at == std::string::npos) continue;
      const auto end = r.line.find(']', at);
      add_from(std::string_view(r.line).substr(
          at + 12, end == std::string::npos ? std::string::npos : end - at - 12));
    }
  }
  return caps;
}

bool has(const std::vector<std::string>& caps, std::string_view c) {
  return std::find(caps.begin(), caps.end(), c) != caps.end();
}

std::string greeting_word(const Transcript& t) {
  if (t.empty()) return {};
  for (const auto& r : responses(&t.front())) {
    if (r.kind == imap::Response::Kind::untagged) return imap::first_word(r.line);
    break;
  }
  return {};
}

bool logged_in(const Transcript& t) {
  if (greeting_word(t) == "PREAUTH") return true;
  return tagged_status(find_turn(t, Step::auth_trace)) == "OK" ||
         tagged_status(find_turn(t, Step::auth)) == "OK";
}

Exchange command(const Transcript& t, Step step, std::string_view label, std::string_view text) {
  Exchange e;
  e.label = std::string(label);
  e.request = "a" + std::to_string(t.size()) + " " + std::string(text) + "\r\n";
  e.max_reply_bytes = kLineCap;
  e.step = static_cast<std::uint32_t>(step);
  return e;
}

std::string product_of(std::string_view greeting) {
  const std::string g = ascii_upper(greeting);
  if (g.find("DOVECOT") != std::string::npos) return "dovecot";
  if (g.find("CYRUS") != std::string::npos) return "cyrus-imapd";
  if (g.find("COURIER") != std::string::npos) return "courier-imap";
  if (g.find("EXCHANGE") != std::string::npos) return "microsoft-exchange";
  if (g.find("ZIMBRA") != std::string::npos) return "zimbra";
  return "imap";
}

}  // namespace

const ProbeInfo& ImapProbe::info() const noexcept {
  return kInfo;
}

bool ImapProbe::recognizes_banner(std::string_view banner) const {
  return banner.starts_with("* OK") || banner.starts_with("* PREAUTH") ||
         banner.starts_with("* BYE");
}

std::optional<Exchange> ImapProbe::next(const ProbeOptions& options, const Transcript& t) const {
  if (t.empty()) {
    Exchange banner{"banner", "", kLineCap};
    banner.step = static_cast<std::uint32_t>(Step::banner);
    return banner;
  }
  const Turn& last = t.back();
  if (last.end == ReplyEnd::closed || last.end == ReplyEnd::reset) return std::nullopt;
  const std::string greeting = greeting_word(t);
  if (greeting != "OK" && greeting != "PREAUTH") return std::nullopt;
  if (find_turn(t, Step::capability) == nullptr) {
    return command(t, Step::capability, kCapability, kCapability);
  }
  const auto caps = capabilities(t);
  if (!has(caps, "IMAP4REV1") && !has(caps, "IMAP4REV2") && !has(caps, "IMAP4")) {
    return std::nullopt;
  }
  if (!logged_in(t)) {
    if (!options.default_logins || !has(caps, "AUTH=ANONYMOUS") || has(caps, "LOGINDISABLED")) {
      return std::nullopt;
    }
    const Turn* auth = find_turn(t, Step::auth);
    if (auth == nullptr) {
      if (has(caps, "SASL-IR")) {
        return command(t, Step::auth, kAuth,
                       "AUTHENTICATE ANONYMOUS " + std::string(sasl::kAnonymousTraceBase64));
      }
      return command(t, Step::auth, kAuth, kAuth);
    }
    if (continuation(auth) && find_turn(t, Step::auth_trace) == nullptr) {
      Exchange trace{std::string(kAuthTrace), std::string(sasl::kAnonymousTraceBase64) + "\r\n",
                     kLineCap};
      trace.step = static_cast<std::uint32_t>(Step::auth_trace);
      return trace;
    }
    return std::nullopt;
  }
  return imap::next_mail_exchange(imap::mail_state(t), t, options);
}

Framing ImapProbe::frame(const Exchange& exchange, std::string_view reply) const {
  return imap::frame(exchange.request, reply);
}

Result<Observation> ImapProbe::parse(const Transcript& t) const {
  Observation obs;
  if (t.empty()) return obs;
  auto greeting = imap::parse(t.front().reply);
  if (!greeting || greeting->responses.empty() ||
      greeting->responses.front().kind != imap::Response::Kind::untagged) {
    obs.note = "no IMAP greeting";
    return obs;
  }
  const std::string word = greeting_word(t);
  if (word != "OK" && word != "PREAUTH" && word != "BYE") {
    obs.note = "no IMAP greeting";
    return obs;
  }
  const auto caps = capabilities(t);
  const bool imap4 = has(caps, "IMAP4REV1") || has(caps, "IMAP4REV2") || has(caps, "IMAP4");
  if (!imap4 && word != "BYE") {
    obs.note = "an untagged OK greeting without IMAP capabilities";
    return obs;
  }
  obs.identified = true;
  const std::string& greeting_line = greeting->responses.front().line;
  obs.product = product_of(greeting_line);
  obs.metadata["greeting"] = printable(greeting_line, 160);
  nlohmann::json cap_json = nlohmann::json::array();
  for (const auto& c : caps) cap_json.push_back(printable(c, 64));
  obs.metadata["capabilities"] = cap_json;
  const bool preauth = word == "PREAUTH";
  const bool in = logged_in(t);
  obs.metadata["preauth"] = preauth;
  obs.metadata["anonymous_login"] = in && !preauth;
  if (word == "BYE") {
    obs.note = "IMAP server refused the connection (BYE)";
    return obs;
  }
  if (!in) {
    const std::string auth_status = tagged_status(find_turn(t, Step::auth_trace)).empty()
                                        ? tagged_status(find_turn(t, Step::auth))
                                        : tagged_status(find_turn(t, Step::auth_trace));
    if (has(caps, "LOGINDISABLED")) {
      obs.auth_demanded = true;
      obs.proof = std::string(kCapability);
      obs.note = "LOGINDISABLED: login only after STARTTLS, with credentials";
    } else if (auth_status == "NO" || auth_status == "BAD") {
      obs.auth_demanded = true;
      obs.proof = std::string(kAuth);
      obs.note = "AUTHENTICATE ANONYMOUS refused";
    } else if (!has(caps, "AUTH=ANONYMOUS")) {
      obs.auth_demanded = true;
      obs.proof = std::string(kCapability);
      obs.note = "no PREAUTH and no ANONYMOUS mechanism: login required";
    } else {
      obs.note = "ANONYMOUS offered but not tried (default logins off) or not completed";
    }
    return obs;
  }
  const std::string how = preauth ? "PREAUTH greeting" : "AUTHENTICATE ANONYMOUS accepted";
  imap::read_mail(t, obs);
  if (obs.data_read) {
    obs.note = how + "; " + obs.metadata["sampling"].get<std::string>();
  } else {
    if (obs.proof.empty()) obs.proof = preauth ? "banner" : std::string(kAuth);
    obs.note = how + "; no message read";
  }
  return obs;
}

Verdict ImapProbe::judge(const Observation& obs) const {
  auto facts = access_facts(obs);
  if (facts.proof.empty()) facts.proof = "banner";
  return decide_verdict(facts);
}

}  // namespace lw::probes
