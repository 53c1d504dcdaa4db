#include "probes/ldap/ldap_probe.h"

#include <array>

#include "core/bytes.h"
#include "probes/common/steps.h"
#include "probes/ldap/ldap_messages.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{389};
constexpr std::uint32_t kReplyCap = 256 * 1024;
constexpr std::size_t kMaxContexts = 2;
constexpr std::size_t kMaxMessages = 1000;
constexpr std::size_t kSampleBytes = 8192;

const ProbeInfo kInfo{
    .id = "ldap",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::directory,
    .max_reply_bytes = kReplyCap,
    .server_speaks_first = false,
};

bool refusal(std::int64_t code) {
  // strongerAuthRequired, confidentialityRequired, inappropriateAuthentication,
  // invalidCredentials, insufficientAccessRights, unwillingToPerform
  return code == 8 || code == 13 || code == 48 || code == 49 || code == 50 || code == 53;
}

// The probe's steps (Exchange::step); a reply is read by its step, never by its label.
enum class Step : std::uint32_t { bind = 0, root_dse, search };

struct Dialogue {
  bool identified = false;
  std::optional<std::int64_t> bind_code;
  std::string bind_diag;
  bool root_seen = false;
  std::vector<std::string> contexts;
  std::string product = "ldap";
  std::string vendor_version;
  struct Search {
    std::string label;
    bool root = false;  // the rootDSE search
    std::vector<ldap::Entry> entries;
    std::optional<std::int64_t> code;
    std::string diag;
  };
  std::vector<Search> searches;
  std::vector<std::string> notes;
};

Dialogue analyse(const Transcript& t) {
  Dialogue d;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Turn& turn = t[i];
    auto msgs = ldap::read_messages(turn.reply, kMaxMessages);
    if (!msgs) {
      if (d.notes.size() < 8)
        d.notes.push_back(turn.exchange.label + ": " + msgs.error().describe());
      if (i == 0) break;
      continue;
    }
    if (msgs->empty()) {
      if (i == 0) break;
      continue;
    }
    d.identified = true;
    if (is_step(turn.exchange, Step::bind)) {
      const auto& m = msgs->front();
      if (m.op != ldap::kBindResponse || !m.result_code) {
        d.identified = i != 0 && d.identified;
        if (i == 0) {
          d.identified = false;
          break;
        }
        continue;
      }
      d.bind_code = m.result_code;
      d.bind_diag = m.diagnostic;
      continue;
    }
    const bool root = is_step(turn.exchange, Step::root_dse);
    Dialogue::Search s{turn.exchange.label, root, {}, std::nullopt, {}};
    for (auto& m : *msgs) {
      if (m.entry) s.entries.push_back(std::move(*m.entry));
      if (m.op == ldap::kSearchDone) {
        s.code = m.result_code;
        s.diag = m.diagnostic;
      }
    }
    if (i == 0 && !s.code && s.entries.empty()) {
      d.identified = false;
      break;
    }
    if (root) {
      d.root_seen = s.code.has_value();
      for (const auto& e : s.entries) {
        for (const auto& [name, values] : e.attributes) {
          if (name == "namingContexts") {
            for (const auto& v : values) {
              if (d.contexts.size() < 16) d.contexts.push_back(v);
            }
          }
          if ((name == "objectClass" || name == "structuralObjectClass")) {
            for (const auto& v : values) {
              if (v == "OpenLDAProotDSE") d.product = "openldap";
            }
          }
          if (name == "vendorVersion" && !values.empty()) d.vendor_version = values[0];
        }
      }
    }
    d.searches.push_back(std::move(s));
  }
  return d;
}

std::string render(const ldap::Entry& e) {
  std::string out = "dn: " + e.dn + "\n";
  for (const auto& [name, values] : e.attributes) {
    for (const auto& v : values) out += name + ": " + v + "\n";
  }
  return out;
}

}  // namespace

const ProbeInfo& LdapProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> LdapProbe::next(const ProbeOptions& o, const Transcript& t) const {
  const bool bind = o.default_logins;
  const std::size_t first_search = bind ? 1 : 0;
  if (t.empty() && bind) {
    return Exchange{"bind anonymous", ldap::anonymous_bind(1), 4096, step_id(Step::bind)};
  }
  if (!t.empty() && t.back().end != ReplyEnd::complete) return std::nullopt;
  const Dialogue d = analyse(t);
  if (!t.empty() && !d.identified) return std::nullopt;
  if (d.bind_code && *d.bind_code != 0) return std::nullopt;
  if (t.size() == first_search) {
    return Exchange{"rootDSE", ldap::search(2, "", 0, 1, {"*", "+"}), kReplyCap,
                    step_id(Step::root_dse)};
  }
  const std::size_t done = t.size() - first_search - 1;  // context searches so far
  if (done >= std::min(kMaxContexts, d.contexts.size()) || o.max_sample_records == 0) {
    return std::nullopt;
  }
  const std::string& base = d.contexts[done];
  return Exchange{"search " + base,
                  ldap::search(static_cast<std::int64_t>(3 + done), base, 2,
                               std::min<std::int64_t>(o.max_sample_records, 20), {}),
                  kReplyCap, step_id(Step::search), base};
}

Framing LdapProbe::frame(const Exchange& exchange, std::string_view reply) const {
  auto msgs = ldap::read_messages(reply, kMaxMessages);
  if (!msgs) return Framing::invalid;
  if (is_step(exchange, Step::bind)) return msgs->empty() ? Framing::need_more : Framing::complete;
  for (const auto& m : *msgs) {
    if (m.op == ldap::kSearchDone) return Framing::complete;
  }
  return msgs->size() >= kMaxMessages ? Framing::complete : Framing::need_more;
}

Result<Observation> LdapProbe::parse(const Transcript& t) const {
  Observation obs;
  const Dialogue d = analyse(t);
  if (!d.identified) {
    obs.note = "the replies are not LDAP";
    return obs;
  }
  obs.identified = true;
  obs.product = d.product;
  obs.version = printable(d.vendor_version, 32);
  auto& md = obs.metadata;
  nlohmann::json markers = nlohmann::json::array();
  if (d.bind_code) {
    md["bind_result"] = {{"code", *d.bind_code}, {"diagnostic", printable(d.bind_diag, 160)}};
    if (*d.bind_code == 0) markers.push_back("anonymous BindResponse success");
  }
  if (!d.contexts.empty()) {
    nlohmann::json nc = nlohmann::json::array();
    for (const auto& c : d.contexts) nc.push_back(printable(c, 160));
    md["naming_contexts"] = nc;
    markers.push_back("rootDSE lists namingContexts");
  }
  md["markers"] = markers;
  obs.markers = static_cast<std::uint32_t>(markers.size());
  if (!d.notes.empty()) md["notes"] = d.notes;
  if (d.bind_code && refusal(*d.bind_code)) {
    obs.auth_demanded = true;
    obs.proof = "bind anonymous";
    obs.note = "anonymous bind refused: " + printable(d.bind_diag, 100);
    return obs;
  }
  std::uint64_t entries = 0;
  for (const auto& s : d.searches) {
    if (s.root) continue;
    if (s.code) md["search_results"][printable(s.label, 160)] = *s.code;
    if (s.entries.empty()) {
      if (s.code && refusal(*s.code) && !obs.data_read) {
        obs.auth_demanded = true;
        obs.proof = s.label;
        obs.note = "anonymous search refused: " + printable(s.diag, 100);
      }
      continue;
    }
    entries += s.entries.size();
    std::string data;
    for (const auto& e : s.entries) {
      if (data.size() >= kSampleBytes) break;
      data += render(e) + "\n";
    }
    if (data.size() > kSampleBytes) data.resize(kSampleBytes);
    obs.samples.push_back(Sample{"ldap " + printable(s.label, 160), "text", std::move(data)});
    if (!obs.data_read) obs.proof = s.label;
    obs.data_read = true;
    obs.auth_demanded = false;
  }
  obs.record_count = entries;
  if (obs.data_read) {
    obs.note = "directory entries read anonymously";
  } else if (!obs.auth_demanded) {
    obs.proof = d.root_seen ? "rootDSE" : t.front().exchange.label;
    obs.note = "LDAP answered; no entries read";
  }
  return obs;
}

Verdict LdapProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
