#include "probes/vnc/vnc_probe.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "core/bytes.h"
#include "probes/common/steps.h"
#include "probes/vnc/rfb.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 3> kPorts{5900, 5901, 5902};
constexpr std::uint32_t kReplyCap = 64 * 1024;
constexpr std::uint16_t kTile = 16;

const ProbeInfo kInfo{
    .id = "vnc",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::remote_desktop,
    .max_reply_bytes = kReplyCap,
    .server_speaks_first = true,
};

// The probe's steps (Exchange::step); a reply is framed and read by its step, never by its
// label. The version and select steps carry the RFB version spoken ("3.8") as their subject,
// the framebuffer request the bits per pixel ("32"): framing needs them.
enum class Step : std::uint32_t { banner = 0, version, select_none, framebuffer };

// The version we speak: the server's, at most 3.8.
rfb::Version chosen(rfb::Version server) {
  if (server.major > 3 || server.minor >= 8) return {3, 8};
  if (server.minor >= 7) return {3, 7};
  return {3, 3};
}

rfb::Version from_subject(std::string_view subject) {
  if (subject == "3.8") return {3, 8};
  if (subject == "3.7") return {3, 7};
  return {3, 3};
}

std::string type_name(std::uint8_t t) {
  switch (t) {
    case 1:
      return "None";
    case 2:
      return "VNC Authentication";
    case 5:
      return "RA2";
    case 16:
      return "Tight";
    case 18:
      return "TLS";
    case 19:
      return "VeNCrypt";
    case 30:
      return "Apple ARD";
    default:
      return "type " + std::to_string(t);
  }
}

struct Dialogue {
  std::optional<rfb::Version> server;
  std::optional<rfb::SecurityTypes> security;
  std::optional<rfb::InitReply> init;
  bool pixels = false;
  std::vector<std::string> notes;
};

Dialogue analyse(const Transcript& t) {
  Dialogue d;
  if (t.empty()) return d;
  d.server = rfb::parse_version(t[0].reply);
  if (!d.server) return d;
  const rfb::Version v = chosen(*d.server);
  if (t.size() > 1) {
    auto s = rfb::parse_security_types(t[1].reply, v);
    if (s && *s) d.security = **s;
    if (!s) d.notes.push_back(s.error().describe());
  }
  if (t.size() > 2) {
    auto i = rfb::parse_init_reply(t[2].reply, v);
    if (i && *i) d.init = **i;
    if (!i) d.notes.push_back(i.error().describe());
  }
  if (t.size() > 3 && d.init && d.init->init) {
    auto f = rfb::framebuffer_update(t[3].reply, d.init->init->bits_per_pixel);
    d.pixels = f && *f;
    if (!f) d.notes.push_back(f.error().describe());
  }
  return d;
}

bool offers_none(const Dialogue& d) {
  return d.security && std::find(d.security->types.begin(), d.security->types.end(), 1) !=
                           d.security->types.end();
}

}  // namespace

const ProbeInfo& VncProbe::info() const noexcept {
  return kInfo;
}

bool VncProbe::recognizes_banner(std::string_view banner) const {
  return rfb::parse_version(banner).has_value();
}

std::optional<Exchange> VncProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) return Exchange{"banner", "", 64, step_id(Step::banner)};
  if (t.back().end != ReplyEnd::complete) return std::nullopt;
  const Dialogue d = analyse(t);
  if (!d.server) return std::nullopt;
  const rfb::Version v = chosen(*d.server);
  const std::string ver = std::to_string(v.major) + "." + std::to_string(v.minor);
  if (t.size() == 1) {
    return Exchange{"version RFB " + ver, "RFB 003.00" + std::to_string(v.minor) + "\n", 4096,
                    step_id(Step::version), ver};
  }
  if (t.size() == 2) {
    if (!offers_none(d) || o.max_sample_records == 0) return std::nullopt;
    // Select None (3.7+; 3.3 has no selection), then ClientInit with shared-flag 1, so no other
    // viewer is disconnected.
    const std::string req = v.minor >= 7 ? std::string("\x01\x01", 2) : std::string("\x01", 1);
    return Exchange{"select None + ClientInit (RFB " + ver + ")", req, 8192,
                    step_id(Step::select_none), ver};
  }
  if (t.size() == 3) {
    if (!d.init || !d.init->init) return std::nullopt;
    const auto& init = *d.init->init;
    const auto w = std::min(kTile, init.width);
    const auto h = std::min(kTile, init.height);
    if (w == 0 || h == 0) return std::nullopt;
    return Exchange{"FramebufferUpdateRequest " + std::to_string(w) + "x" + std::to_string(h) +
                        " (" + std::to_string(init.bits_per_pixel) + " bpp)",
                    rfb::framebuffer_update_request(w, h), kReplyCap, step_id(Step::framebuffer),
                    std::to_string(init.bits_per_pixel)};
  }
  return std::nullopt;
}

Framing VncProbe::frame(const Exchange& exchange, std::string_view reply) const {
  const auto step = static_cast<Step>(exchange.step);
  if (step == Step::banner) {
    if (reply.size() < 12)
      return reply.empty() || reply[0] == 'R' ? Framing::need_more : Framing::invalid;
    return rfb::parse_version(reply) ? Framing::complete : Framing::invalid;
  }
  const rfb::Version v = from_subject(exchange.subject);
  if (step == Step::version) {
    auto s = rfb::parse_security_types(reply, v);
    if (!s) return Framing::invalid;
    return *s ? Framing::complete : Framing::need_more;
  }
  if (step == Step::select_none) {
    auto i = rfb::parse_init_reply(reply, v);
    if (!i) return Framing::invalid;
    return *i ? Framing::complete : Framing::need_more;
  }
  std::uint8_t bpp = 32;
  const std::string& bits = exchange.subject;
  (void)std::from_chars(bits.data(), bits.data() + bits.size(), bpp);
  auto f = rfb::framebuffer_update(reply, bpp);
  if (!f) return Framing::invalid;
  return *f ? Framing::complete : Framing::need_more;
}

Result<Observation> VncProbe::parse(const Transcript& t) const {
  Observation obs;
  const Dialogue d = analyse(t);
  if (!d.server) {
    obs.note = "no RFB banner";
    return obs;
  }
  obs.identified = true;
  obs.product = "vnc";
  auto& md = obs.metadata;
  md["rfb_version"] = std::to_string(d.server->major) + "." + std::to_string(d.server->minor);
  nlohmann::json markers = nlohmann::json::array({"RFB version banner"});
  if (d.security) {
    nlohmann::json types = nlohmann::json::array();
    for (const auto ty : d.security->types) types.push_back(type_name(ty));
    md["security_types"] = types;
    if (!d.security->failure.empty()) md["refusal"] = printable(d.security->failure, 160);
  }
  if (d.init && d.init->init) {
    const auto& i = *d.init->init;
    md["desktop_name"] = printable(i.name, 256);
    md["framebuffer"] = {{"width", i.width}, {"height", i.height}, {"bpp", i.bits_per_pixel}};
    markers.push_back("ServerInit after security type None");
  }
  if (!d.notes.empty()) md["notes"] = d.notes;
  md["markers"] = markers;
  obs.markers = static_cast<std::uint32_t>(markers.size());
  if (d.pixels && d.init && d.init->init) {
    obs.data_read = true;
    obs.proof = t[3].exchange.label;
    obs.note = "screen pixels read with security type None";
    obs.samples.push_back(Sample{"desktop", "text", "desktop name: " + d.init->init->name});
    return obs;
  }
  if (d.security && !offers_none(d) && !d.security->types.empty()) {
    obs.auth_demanded = true;
    obs.proof = t[1].exchange.label;
    obs.note = "security types offered need credentials: " + md["security_types"].dump();
    return obs;
  }
  obs.proof = t.size() > 1 ? t[1].exchange.label : "banner";
  obs.note = d.security && !d.security->failure.empty()
                 ? "the server refused: " + printable(d.security->failure, 80)
                 : "RFB identified; no screen content read";
  return obs;
}

Verdict VncProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
