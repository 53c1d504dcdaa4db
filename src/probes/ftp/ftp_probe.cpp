#include "probes/ftp/ftp_probe.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <deque>

#include "core/ascii.h"
#include "core/bytes.h"
#include "probes/ftp/ftp_reply.h"

namespace lw::probes {
namespace {

constexpr std::uint32_t kLineCap = 8 * 1024;
constexpr std::uint32_t kListCap = 256 * 1024;
constexpr std::size_t kMaxDirs = 12;
constexpr std::size_t kMaxDepth = 3;
constexpr std::size_t kMaxMetadataEntries = 100;
constexpr std::size_t kSampleCap = 16 * 1024;
constexpr std::string_view kPassLabel = "PASS <anonymous e-mail>";
constexpr std::string_view kAnonymousEmail = "leakwatch@example.invalid";
constexpr std::array<std::uint16_t, 2> kPorts = {21, 2121};
constexpr std::array<std::uint16_t, 1> kTlsPorts = {990};

const ProbeInfo kInfo{
    .id = "ftp",
    .default_ports = kPorts,
    .tls_ports = kTlsPorts,
    .kind = ServiceKind::file,
    .max_reply_bytes = kListCap,
    .server_speaks_first = true,
};

// The last complete reply of a turn, if any.
std::optional<ftp::Reply> last_reply(const Turn& turn) {
  auto replies = ftp::parse(turn.reply);
  if (!replies || replies->empty()) return std::nullopt;
  return replies->back();
}

const Turn* find_turn(const Transcript& t, std::string_view label) {
  for (const auto& turn : t) {
    if (turn.exchange.label == label) return &turn;
  }
  return nullptr;
}

int code_of(const Transcript& t, std::string_view label) {
  const Turn* turn = find_turn(t, label);
  if (turn == nullptr) return 0;
  const auto r = last_reply(*turn);
  return r ? r->code : -1;
}

bool logged_in(const Transcript& t) {
  return code_of(t, "USER anonymous") == 230 ||
         (code_of(t, "USER anonymous") == 331 && code_of(t, kPassLabel) == 230);
}

std::string join_path(std::string_view dir, std::string_view name) {
  std::string p(dir);
  if (p.empty() || p.back() != '/') p += '/';
  p += name;
  return p;
}

Exchange command(std::string label, std::string line, std::uint32_t cap = kLineCap) {
  return Exchange{std::move(label), std::move(line) + "\r\n", cap};
}

// Directories listed so far and those still to list (breadth first, bounded).
struct Walk {
  std::vector<std::string> listed;
  std::deque<std::string> pending;
};

Walk walk(const Transcript& t) {
  Walk w;
  bool root_seen = false;
  for (const auto& turn : t) {
    if (!turn.exchange.label.starts_with("STAT ")) continue;
    const std::string dir = turn.exchange.label.substr(5);
    root_seen = root_seen || dir == "/";
    w.listed.push_back(dir);
    const auto r = last_reply(turn);
    if (!r || r->code < 211 || r->code > 213) continue;
    const auto depth = static_cast<std::size_t>(std::count(dir.begin(), dir.end(), '/'));
    if (dir != "/" && depth >= kMaxDepth) continue;
    for (const auto& e : ftp::parse_listing(r->lines)) {
      if (e.directory) w.pending.push_back(join_path(dir, e.name));
    }
  }
  if (!root_seen) w.pending.push_front("/");
  std::erase_if(w.pending, [&](const std::string& d) {
    return std::find(w.listed.begin(), w.listed.end(), d) != w.listed.end();
  });
  return w;
}

}  // namespace

namespace ftp {
ProductVersion product_from_banner(std::string_view text) {
  const std::string l = ascii_lower(text);
  struct Known {
    std::string_view marker;
    std::string_view product;
  };
  static constexpr std::array<Known, 5> kKnown = {{{"vsftpd ", "vsftpd"},
                                                   {"proftpd ", "proftpd"},
                                                   {"pure-ftpd", "pure-ftpd"},
                                                   {"filezilla server ", "filezilla-server"},
                                                   {"microsoft ftp service", "microsoft-ftp"}}};
  for (const auto& k : kKnown) {
    const auto at = l.find(k.marker);
    if (at == std::string::npos) continue;
    ProductVersion pv{std::string(k.product), {}};
    std::size_t v = at + k.marker.size();
    const auto end = l.find_first_of(" )]\r\n", v);
    if (v < l.size() && std::isdigit(static_cast<unsigned char>(l[v])) != 0) {
      pv.version = printable(text.substr(v, end == std::string::npos ? 32 : end - v), 32);
    }
    return pv;
  }
  return {};
}
}  // namespace ftp

const ProbeInfo& FtpProbe::info() const noexcept {
  return kInfo;
}

bool FtpProbe::recognizes_banner(std::string_view banner) const {
  if (!banner.starts_with("220")) return false;
  const std::string l = ascii_lower(banner.substr(0, 512));
  return l.find("ftp") != std::string::npos && l.find("smtp") == std::string::npos;
}

std::optional<Exchange> FtpProbe::next(const ProbeOptions& options, const Transcript& t) const {
  if (t.empty()) return Exchange{"banner", "", kLineCap};
  const Turn& last = t.back();
  if (last.end == ReplyEnd::closed || last.end == ReplyEnd::reset) return std::nullopt;
  const auto banner = last_reply(t.front());
  if (!banner || banner->code != 220) return std::nullopt;
  if (!options.default_logins) return std::nullopt;
  const int user = code_of(t, "USER anonymous");
  if (user == 0) return command("USER anonymous", "USER anonymous");
  if (user == 331 && code_of(t, kPassLabel) == 0) {
    return command(std::string(kPassLabel), "PASS " + std::string(kAnonymousEmail));
  }
  if (!logged_in(t)) return std::nullopt;
  if (code_of(t, "SYST") == 0) return command("SYST", "SYST");
  const Walk w = walk(t);
  if (w.listed.size() >= kMaxDirs || w.pending.empty()) return std::nullopt;
  const std::string& dir = w.pending.front();
  return command("STAT " + dir, "STAT " + dir, kListCap);
}

Framing FtpProbe::frame(const Exchange&, std::string_view reply) const {
  return ftp::frame(reply);
}

Result<Observation> FtpProbe::parse(const Transcript& t) const {
  Observation obs;
  if (t.empty()) return obs;
  auto banner = ftp::parse(t.front().reply);
  if (!banner || banner->empty() || banner->front().code != 220) {
    obs.note = "no FTP greeting";
    return obs;
  }
  const std::string banner_text = banner->front().lines.empty() ? "" : banner->front().lines[0];
  const int user = code_of(t, "USER anonymous");
  // Identified: a 220 greeting that says FTP, or one whose USER got an FTP answer.
  const bool says_ftp = recognizes_banner(t.front().reply);
  const bool answers_ftp = user == 331 || user == 230 || user == 530;
  if (!says_ftp && !answers_ftp) {
    obs.note = "a 220 greeting, but not FTP";
    return obs;
  }
  obs.identified = true;
  const auto pv = ftp::product_from_banner(banner_text);
  obs.product = pv.product.empty() ? "ftp" : pv.product;
  obs.version = pv.version;
  obs.metadata["banner"] = printable(banner_text, 128);
  const bool in = logged_in(t);
  obs.metadata["anonymous_login"] = in;
  if (!in && (user == 530 || code_of(t, kPassLabel) == 530)) {
    obs.auth_demanded = true;
    obs.proof = code_of(t, kPassLabel) == 530 ? std::string(kPassLabel) : "USER anonymous";
  }
  if (const Turn* syst = find_turn(t, "SYST")) {
    if (auto r = last_reply(*syst); r && r->code == 215 && !r->lines.empty()) {
      obs.metadata["system"] = printable(r->lines[0], 64);
    }
  }
  nlohmann::json entries = nlohmann::json::array();
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::size_t dirs_listed = 0;
  std::string listing_text;
  for (const auto& turn : t) {
    if (!turn.exchange.label.starts_with("STAT ")) continue;
    const auto r = last_reply(turn);
    if (!r || r->code < 211 || r->code > 213) continue;
    const std::string dir = turn.exchange.label.substr(5);
    const auto list = ftp::parse_listing(r->lines);
    if (list.empty()) continue;
    ++dirs_listed;
    if (!obs.data_read && in) obs.proof = turn.exchange.label;
    obs.data_read = in;
    for (const auto& e : list) {
      const std::string path = join_path(dir, e.name);
      if (!e.directory) {
        ++files;
        bytes += e.size;
      }
      if (entries.size() < kMaxMetadataEntries) {
        entries.push_back({{"path", printable(path, 256)},
                           {"size", e.size},
                           {"type", e.directory ? "dir" : (e.link ? "link" : "file")}});
      }
      if (listing_text.size() < kSampleCap) {
        listing_text += path + (e.directory ? "/" : "") + " " + std::to_string(e.size) + "\n";
      }
    }
  }
  obs.metadata["entries"] = entries;
  obs.metadata["directories_listed"] = dirs_listed;
  obs.metadata["limitation"] =
      "file contents are not read: that needs a data connection the probe does not open";
  if (obs.data_read) {
    obs.record_count = files;
    obs.data_bytes = bytes;
    obs.samples.push_back(Sample{
        "listing /", "text", listing_text.substr(0, std::min(listing_text.size(), kSampleCap))});
    obs.note = "anonymous login accepted; " + std::to_string(files) + " files listed";
  } else if (in) {
    obs.note =
        "anonymous login accepted, but STAT listed nothing (listing needs a data "
        "connection on this server)";
    obs.proof = std::string(code_of(t, kPassLabel) == 230 ? kPassLabel : "USER anonymous");
  } else if (obs.auth_demanded) {
    obs.note = "anonymous login refused (530)";
  } else {
    obs.note = find_turn(t, "USER anonymous") == nullptr ? "FTP greeting; no login attempted"
                                                         : "FTP; anonymous login not completed";
  }
  return obs;
}

Verdict FtpProbe::judge(const Observation& obs) const {
  auto facts = access_facts(obs);
  if (facts.proof.empty()) facts.proof = "banner";
  return decide_verdict(facts);
}

}  // namespace lw::probes
