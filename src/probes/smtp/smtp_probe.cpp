#include "probes/smtp/smtp_probe.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/ascii.h"
#include "core/bytes.h"
#include "probes/common/numeric_reply.h"
#include "probes/common/steps.h"

namespace lw::probes {
namespace {

constexpr std::uint32_t kReplyCap = 16 * 1024;
constexpr std::string_view kEhloLabel = "EHLO";
// The probe's steps (Exchange::step); a reply is read by its step, never by its label.
enum class Step : std::uint32_t { banner = 0, ehlo };
constexpr std::string_view kEhlo = "EHLO leakwatch.invalid\r\n";
constexpr std::array<std::uint16_t, 3> kPorts = {25, 587, 2525};
constexpr std::array<std::uint16_t, 1> kTlsPorts = {465};

const ProbeInfo kInfo{
    .id = "smtp",
    .default_ports = kPorts,
    .tls_ports = kTlsPorts,
    .kind = ServiceKind::mail,
    .max_reply_bytes = kReplyCap,
    .server_speaks_first = true,
};

std::optional<numeric_reply::Reply> first_reply(const Turn& turn) {
  auto r = numeric_reply::parse(turn.reply);
  if (!r || r->empty()) return std::nullopt;
  return r->front();
}

// The word after `marker` in `text` when it starts with a digit ("Exim 4.96" -> "4.96").
std::string version_after(std::string_view text, std::size_t at) {
  while (at < text.size() && text[at] == ' ') ++at;
  if (at >= text.size() || std::isdigit(static_cast<unsigned char>(text[at])) == 0) return {};
  const auto end = text.find_first_of(" ;/)", at);
  return printable(text.substr(at, end == std::string_view::npos ? 24 : end - at), 24);
}

}  // namespace

namespace smtp {
ProductVersion product_from_greeting(std::string_view greeting) {
  const std::string g = ascii_lower(greeting);
  struct Known {
    std::string_view marker;
    std::string_view product;
  };
  static constexpr std::array<Known, 6> kKnown = {{{"exim ", "exim"},
                                                   {"postfix", "postfix"},
                                                   {"sendmail ", "sendmail"},
                                                   {"opensmtpd", "opensmtpd"},
                                                   {"microsoft esmtp", "microsoft-exchange"},
                                                   {"haraka", "haraka"}}};
  for (const auto& k : kKnown) {
    const auto at = g.find(k.marker);
    if (at == std::string::npos) continue;
    return {std::string(k.product), version_after(greeting, at + k.marker.size())};
  }
  return {};
}
}  // namespace smtp

const ProbeInfo& SmtpProbe::info() const noexcept {
  return kInfo;
}

bool SmtpProbe::recognizes_banner(std::string_view banner) const {
  if (!banner.starts_with("220")) return false;
  const std::string l = ascii_lower(banner.substr(0, 512));
  return l.find("smtp") != std::string::npos ||
         (l.find("mail") != std::string::npos && l.find("ftp") == std::string::npos);
}

std::optional<Exchange> SmtpProbe::next(const ProbeOptions&, const Transcript& t) const {
  if (t.empty()) return Exchange{"banner", "", kReplyCap, step_id(Step::banner)};
  if (t.size() > 1) return std::nullopt;
  const Turn& banner = t.front();
  if (banner.end == ReplyEnd::closed || banner.end == ReplyEnd::reset) return std::nullopt;
  const auto r = first_reply(banner);
  if (!r || r->code != 220) return std::nullopt;
  return Exchange{std::string(kEhloLabel), std::string(kEhlo), kReplyCap, step_id(Step::ehlo)};
}

Framing SmtpProbe::frame(const Exchange&, std::string_view reply) const {
  return numeric_reply::frame(reply);
}

Result<Observation> SmtpProbe::parse(const Transcript& t) const {
  Observation obs;
  if (t.empty()) return obs;
  const auto greeting = first_reply(t.front());
  if (!greeting || (greeting->code != 220 && greeting->code != 554)) {
    obs.note = "no SMTP greeting";
    return obs;
  }
  const std::string greeting_text = greeting->lines.empty() ? "" : greeting->lines.front();
  std::optional<numeric_reply::Reply> ehlo;
  if (t.size() > 1 && t[1].exchange.step == step_id(Step::ehlo)) ehlo = first_reply(t[1]);
  // Two markers: a 220 greeting, and EHLO answered 250 (or a greeting that says SMTP).
  const bool ehlo_ok = ehlo && ehlo->code == 250;
  if (!ehlo_ok && !recognizes_banner(t.front().reply)) {
    obs.note = "a 220 greeting, but not SMTP";
    return obs;
  }
  obs.identified = true;
  const auto pv = smtp::product_from_greeting(greeting_text);
  obs.product = pv.product.empty() ? "smtp" : pv.product;
  obs.version = pv.version;
  obs.metadata["greeting"] = printable(greeting_text, 160);
  const auto sp = greeting_text.find(' ');
  obs.metadata["host_name"] = printable(greeting_text.substr(0, sp), 128);
  if (greeting->code == 554) {
    obs.note = "SMTP server refuses this client (554)";
    obs.proof = "banner";
    return obs;
  }
  nlohmann::json extensions = nlohmann::json::array();
  nlohmann::json auth = nlohmann::json::array();
  bool starttls = false;
  if (ehlo_ok) {
    for (std::size_t i = 1; i < ehlo->lines.size() && extensions.size() < 64; ++i) {
      const std::string& line = ehlo->lines[i];
      const std::string upper_word = ascii_upper(line.substr(0, line.find(' ')));
      extensions.push_back(printable(line, 128));
      if (upper_word == "STARTTLS") starttls = true;
      if (upper_word == "AUTH" && line.size() > 5) {
        std::string_view mechs = std::string_view(line).substr(5);
        std::size_t pos = 0;
        while (pos < mechs.size() && auth.size() < 16) {
          const auto end = mechs.find(' ', pos);
          auth.push_back(printable(mechs.substr(pos, end - pos), 32));
          if (end == std::string_view::npos) break;
          pos = end + 1;
        }
      }
    }
  }
  obs.metadata["extensions"] = extensions;
  obs.metadata["starttls"] = starttls;
  obs.metadata["auth_mechanisms"] = auth;
  obs.proof = ehlo_ok ? std::string(kEhloLabel) : "banner";
  obs.note = "SMTP server" + (pv.product.empty() ? std::string() : " (" + pv.product + ")") +
             "; identity only, no mail read";
  return obs;
}

Verdict SmtpProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
