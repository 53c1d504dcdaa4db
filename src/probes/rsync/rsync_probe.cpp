#include "probes/rsync/rsync_probe.h"

#include <array>
#include <map>

#include "core/bytes.h"
#include "probes/common/file_tree.h"
#include "probes/common/sample_budget.h"
#include "probes/common/steps.h"
#include "probes/rsync/rsync_protocol.h"

namespace lw::probes {
namespace {

constexpr std::uint32_t kLineCap = 4096;
constexpr std::uint32_t kListCap = 256 * 1024;
constexpr std::uint32_t kFileListCap = 1024 * 1024;
constexpr std::size_t kMaxMetadataItems = 100;
constexpr std::size_t kSampleCap = 16 * 1024;
constexpr std::string_view kClientVersion = "@RSYNCD: 29.0\n";
constexpr std::array<std::uint16_t, 1> kPorts = {873};
// The daemon sends the whole recursive list at once (its caps: kFileListCap, kMaxEntries);
// the tree view of it keeps every entry and names deep folders but lists nothing itself.
constexpr TreeCaps kListCaps{.max_depth = 1000,
                             .max_listings = rsync::kMaxEntries,
                             .max_entries = rsync::kMaxEntries,
                             .max_path_bytes = 4096};
constexpr std::string_view kNotRead =
    "names only: reading a file needs rsync's delta-transfer exchange, not implemented";

// The module probe's steps (Exchange::step); replies are read by step, never by label.
enum Step : std::uint32_t { kBanner = 1, kList, kModule, kSenderArgs, kFileList };

const ProbeInfo kInfo{
    .id = "rsync",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::file,
    .max_reply_bytes = kFileListCap,
    .server_speaks_first = true,
};

bool banner_ok(const Transcript& t) {
  return !t.empty() && rsync::parse_greeting(t.front().reply).has_value();
}

bool closed(const Turn& turn) {
  return turn.end == ReplyEnd::closed || turn.end == ReplyEnd::reset;
}

void set_product(Observation& obs, const Transcript& t) {
  auto g = rsync::parse_greeting(t.front().reply);
  obs.product = "rsync";
  obs.metadata["protocol"] = std::to_string(g->major) + "." + std::to_string(g->minor);
  // The protocol number names the release line: 32 = rsync 3.2+, 31 = 3.1.x, 30 = 3.0.x.
  if (g->major >= 32)
    obs.version = "3.2+";
  else if (g->major == 31)
    obs.version = "3.1";
  else if (g->major == 30)
    obs.version = "3.0";
}

Framing frame_lines_until(std::string_view reply, bool done) {
  if (done) return Framing::complete;
  return reply.size() > kListCap ? Framing::invalid : Framing::need_more;
}

}  // namespace

// ---- RsyncProbe: greeting and module list ---------------------------------------------------

const ProbeInfo& RsyncProbe::info() const noexcept {
  return kInfo;
}

bool RsyncProbe::recognizes_banner(std::string_view banner) const {
  return banner.starts_with("@RSYNCD: ");
}

std::optional<Exchange> RsyncProbe::next(const ProbeOptions&, const Transcript& t) const {
  if (t.empty()) return Exchange{"banner", "", kLineCap, kBanner};
  if (t.size() == 1 && banner_ok(t) && !closed(t.back())) {
    return Exchange{"#list", std::string(kClientVersion) + "#list\n", kListCap, kList};
  }
  return std::nullopt;
}

Framing RsyncProbe::frame(const Exchange& exchange, std::string_view reply) const {
  if (exchange.request.empty()) {
    if (reply.find('\n') != std::string_view::npos) return Framing::complete;
    return reply.size() > kLineCap ? Framing::invalid : Framing::need_more;
  }
  return frame_lines_until(reply, rsync::parse_module_list(reply).ended);
}

Result<Observation> RsyncProbe::parse(const Transcript& t) const {
  Observation obs;
  if (!banner_ok(t)) {
    obs.note = "no rsync daemon greeting";
    return obs;
  }
  obs.identified = true;
  set_product(obs, t);
  nlohmann::json modules = nlohmann::json::array();
  if (const Turn* list = find_step(t, kList)) {
    const auto ml = rsync::parse_module_list(list->reply);
    for (const auto& m : ml.modules) {
      if (modules.size() >= kMaxMetadataItems) break;
      modules.push_back({{"name", printable(m.name, 255)}, {"comment", printable(m.comment, 128)}});
    }
    obs.metadata["module_count"] = ml.modules.size();
    obs.metadata["list_complete"] = ml.ended;
    if (!ml.error.empty()) obs.metadata["error"] = printable(ml.error, 128);
    obs.proof = "#list";
  }
  obs.metadata["modules"] = modules;
  obs.note = "rsync daemon; " + std::to_string(modules.size()) +
             " modules listed (names only; a module's files are read by rsync_module)";
  return obs;
}

Verdict RsyncProbe::judge(const Observation& obs) const {
  auto facts = access_facts(obs);
  if (facts.proof.empty()) facts.proof = "banner";
  return decide_verdict(facts);
}

std::vector<std::unique_ptr<Probe>> RsyncProbe::follow_ups(const Observation& obs,
                                                           const ProbeOptions&) const {
  std::vector<std::unique_ptr<Probe>> probes;
  const auto* modules = obs.metadata.contains("modules") ? &obs.metadata["modules"] : nullptr;
  if (!obs.identified || modules == nullptr || !modules->is_array()) return probes;
  for (const auto& m : *modules) {
    if (probes.size() >= kMaxFollowUps) break;
    if (m.contains("name") && m["name"].is_string()) {
      probes.push_back(std::make_unique<RsyncModuleProbe>(m["name"].get<std::string>()));
    }
  }
  return probes;
}

Observation RsyncProbe::fold(Observation main, std::span<const Result<Observation>> modules) const {
  nlohmann::json results = nlohmann::json::array();
  std::size_t open = 0;
  std::size_t locked = 0;
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::string first_open;
  for (const auto& r : modules) {
    if (!r) {
      results.push_back({{"error", printable(r.error().describe(), 128)}});
      continue;
    }
    const Observation& m = *r;
    const std::string name = m.metadata.value("module", std::string());
    std::string verdict = "unknown";
    if (m.data_command_accepted) {
      verdict = "open";
      if (open++ == 0) first_open = name;
      files += m.record_count.value_or(0);
      bytes += m.data_bytes.value_or(0);
      for (const auto& sample : m.samples) main.samples.push_back(sample);
      for (const auto* key : {"sampling", "sensitive_names"}) {
        if (!m.metadata.contains(key)) continue;
        for (const auto& line : m.metadata[key]) {
          if (main.metadata[key].size() < kMaxListed) main.metadata[key].push_back(line);
        }
      }
    } else if (m.auth_demanded) {
      verdict = "auth_required";
      ++locked;
    }
    results.push_back({{"module", name}, {"verdict", verdict}, {"note", m.note}});
  }
  main.metadata["module_results"] = results;
  if (open > 0) {
    main.data_command_accepted = true;
    main.record_count = files;
    main.data_bytes = bytes;
    main.proof = "file list (module " + first_open + ")";
    main.note = "rsync daemon; " + std::to_string(open) + " of " + std::to_string(modules.size()) +
                " modules list " + std::to_string(files) + " files without credentials";
  } else if (locked > 0 && locked == modules.size()) {
    main.auth_demanded = true;
    main.proof = "module (AUTHREQD)";
    main.note = "rsync daemon; every module examined demands a user and password";
  }
  return main;
}

// ---- RsyncModuleProbe: one module's file list ---------------------------------------------

RsyncModuleProbe::RsyncModuleProbe(std::string module) : module_(std::move(module)) {}

const ProbeInfo& RsyncModuleProbe::info() const noexcept {
  return kInfo;
}

bool RsyncModuleProbe::recognizes_banner(std::string_view banner) const {
  return banner.starts_with("@RSYNCD: ");
}

std::optional<Exchange> RsyncModuleProbe::next(const ProbeOptions&, const Transcript& t) const {
  if (t.empty()) return Exchange{"banner", "", kLineCap, kBanner};
  if (closed(t.back()) || !banner_ok(t)) return std::nullopt;
  // A module name with a newline, a NUL or a path escape would be another request.
  if (module_.empty() || module_.size() > 255 ||
      module_.find_first_of(std::string_view("\n\r\0/ ", 5)) != std::string::npos) {
    return std::nullopt;
  }
  const Turn* sel = find_step(t, kModule);
  if (sel == nullptr) {
    return Exchange{"module " + module_, std::string(kClientVersion) + module_ + "\n", kLineCap,
                    kModule, module_};
  }
  if (rsync::parse_module_answer(sel->reply) != rsync::ModuleAnswer::ok) return std::nullopt;
  if (find_step(t, kSenderArgs) == nullptr) {
    // Protocol 29 arguments, newline-separated: a recursive listing as the sender. The
    // receiver side (us) never asks for a file, so no content is transferred.
    return Exchange{"sender args", "--server\n--sender\n-r\n.\n" + module_ + "/\n\n", 64,
                    kSenderArgs, module_};
  }
  if (find_step(t, kFileList) == nullptr) {
    // An empty filter list.
    return Exchange{"file list", std::string(4, '\0'), kFileListCap, kFileList, module_};
  }
  return std::nullopt;
}

Framing RsyncModuleProbe::frame(const Exchange& exchange, std::string_view reply) const {
  if (exchange.request.empty()) {
    if (reply.find('\n') != std::string_view::npos) return Framing::complete;
    return reply.size() > kLineCap ? Framing::invalid : Framing::need_more;
  }
  if (exchange.step == kSenderArgs) {
    if (reply.starts_with("@ERROR")) {
      return reply.find('\n') != std::string_view::npos ? Framing::complete : Framing::need_more;
    }
    return reply.size() >= 4 ? Framing::complete : Framing::need_more;  // the checksum seed
  }
  if (exchange.step == kFileList) {
    auto d = rsync::demux(reply);
    if (!d) return Framing::invalid;
    if (!d->errors.empty()) return Framing::complete;
    auto fl = rsync::parse_file_list(d->data);
    if (!fl) return Framing::invalid;
    return fl->complete ? Framing::complete : Framing::need_more;
  }
  switch (rsync::parse_module_answer(reply)) {
    case rsync::ModuleAnswer::need_more:
      return Framing::need_more;
    case rsync::ModuleAnswer::invalid:
      return Framing::invalid;
    default:
      return Framing::complete;
  }
}

Result<Observation> RsyncModuleProbe::parse(const Transcript& t) const {
  Observation obs;
  if (!banner_ok(t)) {
    obs.note = "no rsync daemon greeting";
    return obs;
  }
  obs.identified = true;
  set_product(obs, t);
  obs.metadata["module"] = printable(module_, 64);
  const Turn* sel = find_step(t, kModule);
  if (sel == nullptr) {
    obs.note = "rsync daemon; module not selected";
    return obs;
  }
  std::string error;
  const auto answer = rsync::parse_module_answer(sel->reply, &error);
  if (answer == rsync::ModuleAnswer::auth_required) {
    obs.auth_demanded = true;
    obs.proof = sel->exchange.label;
    obs.note = "module " + printable(module_, 64) + " demands a user and password (AUTHREQD)";
    return obs;
  }
  if (answer != rsync::ModuleAnswer::ok) {
    obs.note = error.empty() ? "module not opened" : printable(error, 128);
    return obs;
  }
  const Turn* list = find_step(t, kFileList);
  if (list == nullptr) {
    obs.note = "module opened without credentials; file list not read";
    obs.proof = sel->exchange.label;
    return obs;
  }
  auto d = rsync::demux(list->reply);
  if (!d) return tl::unexpected(d.error());
  auto fl = rsync::parse_file_list(d->data);
  if (!fl) return tl::unexpected(fl.error());
  // The file list as a tree: one listing per folder, so the sampler's order and the caps'
  // coverage read the same as the walked trees of FTP and WebHDFS.
  std::map<std::string, std::vector<TreeEntry>> folders;
  for (const auto& e : fl->entries) {
    if (e.name == "." || e.name.empty()) continue;
    const auto slash = e.name.rfind('/');
    const std::string parent = slash == std::string::npos ? "/" : "/" + e.name.substr(0, slash);
    const std::string leaf = slash == std::string::npos ? e.name : e.name.substr(slash + 1);
    folders[parent].push_back({leaf, e.directory, e.size});
  }
  TreeWalk w(kListCaps);
  for (const auto& [dir, in_dir] : folders) w.add_listing(dir, in_dir);
  if (!fl->complete) w.add_truncated("/ (rsync file list)");
  obs.metadata["entries"] = w.entries_json(kMaxMetadataItems);
  obs.metadata["file_list_complete"] = fl->complete;
  if (!d->errors.empty()) obs.metadata["server_errors"] = printable(d->errors.front(), 128);
  nlohmann::json coverage = nlohmann::json::array();
  for (const auto& line : w.coverage(0, kNotRead)) {
    coverage.push_back(printable(module_, 64) + ": " + line.get<std::string>());
  }
  obs.metadata["sampling"] = coverage;
  if (auto names = w.sensitive_paths(); !names.empty()) obs.metadata["sensitive_names"] = names;
  // A file list answered without credentials: a data command a secured module refuses.
  obs.data_command_accepted = true;
  obs.proof = list->exchange.label;
  obs.record_count = w.files().size();
  obs.data_bytes = w.bytes_seen();
  if (w.files().empty()) {
    obs.note = "module " + printable(module_, 64) + " opened without credentials; no files";
    return obs;
  }
  obs.samples.push_back(
      Sample{"listing " + printable(module_, 64), "text", w.listing_text(kSampleCap)});
  obs.note = "module " + printable(module_, 64) + " lists " + std::to_string(w.files().size()) +
             " files without credentials (names only)";
  return obs;
}

Verdict RsyncModuleProbe::judge(const Observation& obs) const {
  auto facts = access_facts(obs);
  if (facts.proof.empty()) facts.proof = "banner";
  return decide_verdict(facts);
}

}  // namespace lw::probes
