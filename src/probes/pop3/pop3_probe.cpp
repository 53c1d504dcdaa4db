#include "probes/pop3/pop3_probe.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "core/ascii.h"
#include "core/bytes.h"
#include "probes/common/sasl_anonymous.h"
#include "probes/pop3/pop3_response.h"

namespace lw::probes {
namespace {

constexpr std::uint32_t kLineCap = 8 * 1024;
constexpr std::uint32_t kListCap = 128 * 1024;
constexpr std::uint32_t kMessageCap = 64 * 1024;
constexpr std::uint32_t kTopLines = 50;
constexpr std::uint32_t kMaxMessages = 3;
constexpr std::size_t kSampleBytes = 4096;
constexpr std::array<std::uint16_t, 1> kPorts = {110};
constexpr std::array<std::uint16_t, 1> kTlsPorts = {995};

const ProbeInfo kInfo{
    .id = "pop3",
    .default_ports = kPorts,
    .tls_ports = kTlsPorts,
    .kind = ServiceKind::mail,
    .max_reply_bytes = kMessageCap,
    .server_speaks_first = true,
};

constexpr std::string_view kAuth = "AUTH ANONYMOUS";
constexpr std::string_view kAuthTrace = "AUTH ANONYMOUS (trace)";

const Turn* find_turn(const Transcript& t, std::string_view label) {
  for (const auto& turn : t) {
    if (turn.exchange.label == label) return &turn;
  }
  return nullptr;
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
  const auto r = reply_of(find_turn(t, "CAPA"));
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
  return ok(find_turn(t, kAuth)) || ok(find_turn(t, kAuthTrace));
}

// "+OK 3 870" -> 3 messages, 870 octets.
std::optional<std::pair<std::uint64_t, std::uint64_t>> stat_of(const Transcript& t) {
  const auto r = reply_of(find_turn(t, "STAT"));
  if (!r || r->status != pop3::Reply::Status::ok) return std::nullopt;
  const std::string_view text = r->text;
  const auto sp = text.find(' ');
  if (sp == std::string_view::npos) return std::nullopt;
  std::uint64_t n = 0;
  std::uint64_t size = 0;
  const auto [p1, e1] = std::from_chars(text.data(), text.data() + sp, n);
  const auto end = text.find(' ', sp + 1);
  const char* last = end == std::string_view::npos ? text.data() + text.size() : text.data() + end;
  const auto [p2, e2] = std::from_chars(text.data() + sp + 1, last, size);
  if (e1 != std::errc{} || e2 != std::errc{} || p1 != text.data() + sp || p2 != last) {
    return std::nullopt;
  }
  return std::make_pair(n, size);
}

Exchange command(std::string label, std::string_view line, std::uint32_t cap) {
  return Exchange{std::move(label), std::string(line) + "\r\n", cap};
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
  if (t.empty()) return Exchange{"banner", "", kLineCap};
  const Turn& last = t.back();
  if (last.end == ReplyEnd::closed || last.end == ReplyEnd::reset) return std::nullopt;
  if (!ok(&t.front())) return std::nullopt;
  if (find_turn(t, "CAPA") == nullptr) return command("CAPA", "CAPA", kLineCap);
  const auto caps = capabilities(t);
  if (!logged_in(t)) {
    if (!options.default_logins || !sasl_anonymous(caps)) return std::nullopt;
    const Turn* auth = find_turn(t, kAuth);
    if (auth == nullptr) {
      return command(std::string(kAuth),
                     "AUTH ANONYMOUS " + std::string(sasl::kAnonymousTraceBase64), kLineCap);
    }
    const auto r = reply_of(auth);
    if (r && r->status == pop3::Reply::Status::continuation &&
        find_turn(t, kAuthTrace) == nullptr) {
      return command(std::string(kAuthTrace), "", kLineCap);  // the trace went as initial response
    }
    return std::nullopt;
  }
  if (find_turn(t, "STAT") == nullptr) return command("STAT", "STAT", kLineCap);
  if (find_turn(t, "LIST") == nullptr) return command("LIST", "LIST", kListCap);
  const auto stat = stat_of(t);
  if (!stat) return std::nullopt;
  const std::uint64_t n = std::min<std::uint64_t>(
      {stat->first, kMaxMessages, std::max<std::uint32_t>(options.max_sample_records, 1)});
  const bool top = has(caps, "TOP");
  for (std::uint64_t i = 1; i <= n; ++i) {
    const std::string cmd = top ? "TOP " + std::to_string(i) + " " + std::to_string(kTopLines)
                                : "RETR " + std::to_string(i);
    if (find_turn(t, cmd) == nullptr) return command(cmd, cmd, kMessageCap);
  }
  return std::nullopt;
}

Framing Pop3Probe::frame(const Exchange& exchange, std::string_view reply) const {
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
  const Turn* capa = find_turn(t, "CAPA");
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
    const Turn* auth = find_turn(t, kAuthTrace) ? find_turn(t, kAuthTrace) : find_turn(t, kAuth);
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
  if (const auto stat = stat_of(t)) {
    obs.record_count = stat->first;
    obs.data_bytes = stat->second;
  }
  std::uint64_t read = 0;
  for (const auto& turn : t) {
    const std::string& l = turn.exchange.label;
    if (!l.starts_with("TOP ") && !l.starts_with("RETR ")) continue;
    const auto r = reply_of(&turn);
    if (!r || r->status != pop3::Reply::Status::ok || r->lines.empty()) continue;
    // A message: header lines ("Name: value") before the first empty line.
    const bool header = r->lines.front().find(':') != std::string::npos;
    if (!header) continue;
    ++read;
    std::string body;
    for (const auto& line : r->lines) {
      if (body.size() >= kSampleBytes) break;
      body += line + "\r\n";
    }
    Sample s;
    s.source =
        "message " + l.substr(l.find(' ') + 1, l.find(' ', l.find(' ') + 1) - l.find(' ') - 1);
    s.content_type = "email";
    s.data = body.substr(0, kSampleBytes);
    obs.samples.push_back(std::move(s));
    if (!obs.data_read) obs.proof = l;
    obs.data_read = true;
  }
  obs.metadata["messages_read"] = read;
  if (obs.data_read) {
    obs.note = "AUTH ANONYMOUS accepted; read " + std::to_string(read) + " of " +
               std::to_string(obs.record_count.value_or(0)) + " messages";
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
