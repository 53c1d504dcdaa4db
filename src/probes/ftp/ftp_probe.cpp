#include "probes/ftp/ftp_probe.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/ascii.h"
#include "core/bytes.h"
#include "probes/common/file_tree.h"
#include "probes/common/sample_budget.h"
#include "probes/common/sample_text.h"
#include "probes/common/sampler.h"
#include "probes/common/steps.h"
#include "probes/ftp/ftp_reply.h"

namespace lw::probes {
namespace {

constexpr std::uint32_t kLineCap = 8 * 1024;
constexpr std::uint32_t kListCap = 256 * 1024;
constexpr std::size_t kMaxMetadataEntries = 100;
constexpr std::size_t kSampleCap = 16 * 1024;
// The walk (docs/sampling.md): STAT <dir> over the control connection, breadth first, the
// sampler's order; 40 listings leave room for the login within the engine's 64 exchanges.
constexpr TreeCaps kWalkCaps{
    .max_depth = 6, .max_listings = 40, .max_entries = 20'000, .max_path_bytes = 1024};
// Reads after the walk (docs/sampling.md): RETR of at most kMaxReads files in the sampler's
// order, the first kFileCap bytes of each over a passive data connection. 4 login exchanges,
// 40 listings, TYPE and 2 per file stay within the engine's 64.
constexpr std::size_t kMaxReads = 8;
constexpr std::uint32_t kFileCap = 64 * 1024;
constexpr std::string_view kPassLabel = "PASS <anonymous e-mail>";
constexpr std::string_view kAnonymousEmail = "leakwatch@example.invalid";
constexpr std::array<std::uint16_t, 2> kPorts = {21, 2121};
constexpr std::array<std::uint16_t, 1> kTlsPorts = {990};

// The probe's steps (Exchange::step); replies are read by step and subject, never by label.
enum Step : std::uint32_t { kBanner = 1, kUser, kPass, kSyst, kStat, kType, kEpsv, kPasv, kRetr };

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

int code_of(const Transcript& t, Step step) {
  const Turn* turn = find_step(t, step);
  if (turn == nullptr) return 0;
  const auto r = last_reply(*turn);
  return r ? r->code : -1;
}

bool logged_in(const Transcript& t) {
  return code_of(t, kUser) == 230 || (code_of(t, kUser) == 331 && code_of(t, kPass) == 230);
}

Exchange command(Step step, std::string label, std::string line, std::uint32_t cap = kLineCap,
                 std::string subject = {}) {
  return Exchange{std::move(label), std::move(line) + "\r\n", cap, step, std::move(subject)};
}

// Files read: at most kMaxReads, the scan's record budget and its byte budget in kFileCap.
std::size_t read_budget(const ProbeOptions& o) {
  const std::size_t by_bytes = std::max<std::size_t>(1, o.max_sample_bytes / kFileCap);
  return std::min({kMaxReads, std::size_t{o.max_sample_records}, by_bytes});
}

// The data port a passive-mode turn named (only the port: see ftp::epsv_port); 0 for none.
std::uint16_t passive_port(const Turn& turn) {
  const auto r = last_reply(turn);
  if (!r) return 0;
  return turn.exchange.step == kEpsv ? ftp::epsv_port(*r) : ftp::pasv_port(*r);
}

// A data connection that could not be made or never delivered: the next file would fare the
// same (a firewall, a NAT that rewrites nothing), so the reads stop.
bool data_failed(const Turn& retr) {
  return retr.data_end == DataEnd::not_connected ||
         (retr.data_end == DataEnd::timeout && retr.data.empty());
}

// Whether a RETR turn read the file: bytes came and the server finished the transfer (2xx), or
// the engine cut it at its cap (the server then answers 426).
bool file_read(const Turn& retr) {
  if (retr.data.empty()) return false;
  if (retr.data_end == DataEnd::cap_reached) return true;
  const auto r = last_reply(retr);
  return r && r->code >= 200 && r->code < 300;
}

// The walk so far, from the STAT turns of the transcript.
TreeWalk walk_of(const Transcript& t) {
  TreeWalk w(kWalkCaps);
  for (const auto& turn : t) {
    if (turn.exchange.step != kStat) continue;
    const std::string& dir = turn.exchange.subject;
    auto replies = ftp::parse(turn.reply);
    if (!replies) {
      w.add_failed(dir, replies.error().describe());
      continue;
    }
    if (replies->empty() || replies->back().code < 211 || replies->back().code > 213) {
      w.add_failed(dir,
                   replies->empty() ? "no reply" : "reply " + std::to_string(replies->back().code));
      continue;
    }
    const auto& lines = replies->back().lines;
    std::vector<TreeEntry> entries;
    for (auto& e : ftp::parse_listing(lines)) {
      entries.push_back({std::move(e.name), e.directory, e.size});
    }
    // An empty folder still lists "." and "..": a reply with text between its first and last
    // line and no entry at all is not a listing (named in the record, not an empty folder).
    const auto body_lines = lines.size() > 2 ? lines.size() - 2 : 0;
    const bool dots_only = std::all_of(
        lines.begin() + (body_lines > 0 ? 1 : 0), lines.end() - (body_lines > 0 ? 1 : 0),
        [](const std::string& l) { return l.ends_with(" .") || l.ends_with(" .."); });
    if (entries.empty() && body_lines > 0 && !dots_only) {
      w.add_failed(dir, std::to_string(body_lines) + " lines, none an ls -l entry");
      continue;
    }
    w.add_listing(dir, entries);
    if (turn.end == ReplyEnd::cap_reached) w.add_truncated(dir);
  }
  return w;
}

// The files the RETR turns read, as samples (after the listing), with what sampling says of
// them; the proof is the first RETR that read a file.
struct Reads {
  std::size_t read = 0;
  std::string why;
  const Turn* proof = nullptr;
  nlohmann::json paths = nlohmann::json::array();
};

Reads add_reads(Observation& obs, const Transcript& t) {
  Reads out;
  SampleBudget budget(kMaxReads, ProbeOptions{}.max_sample_bytes, kFileCap);
  std::size_t refused = 0;
  std::size_t cut = 0;
  bool failed = false;
  bool passive = true;
  for (const auto& turn : t) {
    if (turn.exchange.step == kPasv && passive_port(turn) == 0) passive = false;
    if (turn.exchange.step != kRetr) continue;
    if (file_read(turn)) {
      if (out.read++ == 0) out.proof = &turn;
      if (turn.data_end == DataEnd::cap_reached) ++cut;
      out.paths.push_back(printable(turn.exchange.subject, 256));
      budget.add(obs, "file " + printable(turn.exchange.subject, 256),
                 std::string(guess_content_type(turn.data)), turn.data);
    } else if (data_failed(turn)) {
      failed = true;
    } else if (const auto r = last_reply(turn); r && r->code >= 400) {
      ++refused;
    }
  }
  std::vector<std::string> why;
  why.push_back("RETR over a passive data connection, the first " + std::to_string(kFileCap) +
                " bytes of at most " + std::to_string(kMaxReads) + " files");
  if (cut > 0) why.push_back(std::to_string(cut) + " cut at that cap");
  if (refused > 0) why.push_back(std::to_string(refused) + " refused");
  if (failed) why.push_back("a data connection failed, so the reads stopped");
  if (!passive) why.push_back("neither EPSV nor PASV named a data port");
  for (std::size_t i = 0; i < why.size(); ++i) out.why += (i == 0 ? "" : "; ") + why[i];
  return out;
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
  if (t.empty()) return Exchange{"banner", "", kLineCap, kBanner};
  const Turn& last = t.back();
  if (last.end == ReplyEnd::closed || last.end == ReplyEnd::reset) return std::nullopt;
  const auto banner = last_reply(t.front());
  if (!banner || banner->code != 220) return std::nullopt;
  if (!options.default_logins) return std::nullopt;
  const int user = code_of(t, kUser);
  if (user == 0) return command(kUser, "USER anonymous", "USER anonymous");
  if (user == 331 && code_of(t, kPass) == 0) {
    return command(kPass, std::string(kPassLabel), "PASS " + std::string(kAnonymousEmail));
  }
  if (!logged_in(t)) return std::nullopt;
  if (code_of(t, kSyst) == 0) return command(kSyst, "SYST", "SYST");
  const TreeWalk w = walk_of(t);
  if (find_step(t, kType) == nullptr) {
    const auto dir = w.listed().empty() ? std::optional<std::string>("/") : w.next_directory();
    if (dir) return command(kStat, "STAT " + *dir, "STAT " + *dir, kListCap, *dir);
    // The walk is over: binary mode, then the sampler's choice of files.
    if (w.files().empty()) return std::nullopt;
    return command(kType, "TYPE I", "TYPE I");
  }
  const auto order = w.files_to_read(read_budget(options));
  std::size_t retrs = 0;
  bool epsv_refused = false;
  for (const auto& turn : t) {
    if (turn.exchange.step == kRetr) {
      if (data_failed(turn)) return std::nullopt;
      ++retrs;
    }
    epsv_refused = epsv_refused || (turn.exchange.step == kEpsv && passive_port(turn) == 0);
  }
  if (retrs >= order.size()) return std::nullopt;
  const std::string& file = w.files()[order[retrs]].path;
  if ((last.exchange.step == kEpsv || last.exchange.step == kPasv) &&
      last.exchange.subject == file) {
    if (const std::uint16_t port = passive_port(last); port != 0) {
      Exchange retr = command(kRetr, "RETR " + file, "RETR " + file, kLineCap, file);
      retr.data_channel = DataChannel{port, kFileCap};
      return retr;
    }
    // EPSV refused: PASV once (only its port is taken); no passive mode at all: no reads.
    if (last.exchange.step == kPasv) return std::nullopt;
  }
  if (epsv_refused) return command(kPasv, "PASV", "PASV", kLineCap, file);
  return command(kEpsv, "EPSV", "EPSV", kLineCap, file);
}

Framing FtpProbe::frame(const Exchange& exchange, std::string_view reply) const {
  return exchange.step == kRetr ? ftp::frame_transfer(reply) : ftp::frame(reply);
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
  const int user = code_of(t, kUser);
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
  if (!in && (user == 530 || code_of(t, kPass) == 530)) {
    obs.auth_demanded = true;
    obs.proof = code_of(t, kPass) == 530 ? std::string(kPassLabel) : "USER anonymous";
  }
  if (const Turn* syst = find_step(t, kSyst)) {
    if (auto r = last_reply(*syst); r && r->code == 215 && !r->lines.empty()) {
      obs.metadata["system"] = printable(r->lines[0], 64);
    }
  }
  const TreeWalk w = walk_of(t);
  const Turn* first_listing = nullptr;
  for (const auto& turn : t) {
    if (turn.exchange.step != kStat) continue;
    const auto r = last_reply(turn);
    if (r && r->code >= 211 && r->code <= 213 && !ftp::parse_listing(r->lines).empty()) {
      first_listing = &turn;
      break;
    }
  }
  if (in) {
    obs.metadata["entries"] = w.entries_json(kMaxMetadataEntries);
    obs.metadata["directories_listed"] = w.listed().size();
    if (auto names = w.sensitive_paths(); !names.empty()) obs.metadata["sensitive_names"] = names;
  }
  if (in && first_listing != nullptr) {
    // A listing answered to the anonymous login: a data command a secured server refuses.
    obs.data_command_accepted = true;
    obs.proof = first_listing->exchange.label;
    obs.record_count = w.files().size();
    obs.data_bytes = w.bytes_seen();
    obs.samples.push_back(Sample{"listing /", "text", w.listing_text(kSampleCap)});
    const Reads reads = add_reads(obs, t);
    obs.metadata["sampling"] = w.coverage(reads.read, reads.why);
    if (reads.proof != nullptr) {
      // File contents read anonymously: records read, proved by the first RETR that read one.
      obs.data_read = true;
      obs.proof = reads.proof->exchange.label;
      obs.metadata["files_read"] = reads.paths;
    }
    obs.note = "anonymous login accepted; " + std::to_string(w.files().size()) +
               " files listed in " + std::to_string(w.listed().size()) + " directories, " +
               std::to_string(reads.read) + " read";
  } else if (in) {
    obs.metadata["sampling"] = w.coverage(0);
    obs.note =
        "anonymous login accepted, but STAT listed nothing (listing needs a data "
        "connection on this server)";
    obs.proof = std::string(code_of(t, kPass) == 230 ? kPassLabel : "USER anonymous");
  } else if (obs.auth_demanded) {
    obs.note = "anonymous login refused (530)";
  } else {
    obs.note = find_step(t, kUser) == nullptr ? "FTP greeting; no login attempted"
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
