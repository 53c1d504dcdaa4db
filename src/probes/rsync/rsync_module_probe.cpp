// RsyncModuleProbe: one module of an rsync daemon on its own connection (README.md).
#include <algorithm>
#include <map>

#include "core/bytes.h"
#include "probes/common/file_tree.h"
#include "probes/common/sample_budget.h"
#include "probes/common/sample_text.h"
#include "probes/common/sampler.h"
#include "probes/common/steps.h"
#include "probes/rsync/rsync_common.h"
#include "probes/rsync/rsync_probe.h"
#include "probes/rsync/rsync_protocol.h"
#include "probes/rsync/rsync_transfer.h"

namespace lw::probes {

using namespace rsync;

namespace {

constexpr std::size_t kSampleCap = 16 * 1024;
// The file data of a module: its byte cap, a cut file's overshoot (the rest of a chunk and of
// a read) and the multiplex and token headers.
constexpr std::uint32_t kTransferCap = 512 * 1024;
// The daemon sends the whole recursive list at once (its caps: kFileListCap, kMaxEntries);
// the tree view of it keeps every entry and names deep folders but lists nothing itself.
constexpr TreeCaps kListCaps{.max_depth = 1000,
                             .max_listings = rsync::kMaxEntries,
                             .max_entries = rsync::kMaxEntries,
                             .max_path_bytes = 4096};

bool regular_file(const FileEntry& e) {
  return (e.mode & 0170000) == 0100000;
}

// The file list as a tree: one listing per folder, so the sampler's order and the caps'
// coverage read the same as the walked trees of FTP and WebHDFS.
TreeWalk tree_of(const FileList& fl) {
  std::map<std::string, std::vector<TreeEntry>> folders;
  for (const auto& e : fl.entries) {
    if (e.name == "." || e.name.empty()) continue;
    const auto slash = e.name.rfind('/');
    const std::string parent = slash == std::string::npos ? "/" : "/" + e.name.substr(0, slash);
    const std::string leaf = slash == std::string::npos ? e.name : e.name.substr(slash + 1);
    folders[parent].push_back({leaf, e.directory, e.size});
  }
  TreeWalk w(kListCaps);
  for (const auto& [dir, in_dir] : folders) w.add_listing(dir, in_dir);
  if (!fl.complete) w.add_truncated("/ (rsync file list)");
  return w;
}

// The module's file list, once its turn ended whole: the list, its tree and the sender's data
// that followed its io_error word.
struct Listed {
  Demuxed demuxed;
  FileList list;
  std::string after;  // demultiplexed data after the list's io_error word
};

Result<Listed> listed(const Turn& turn) {
  auto d = demux(turn.reply);
  if (!d) return tl::unexpected(d.error());
  auto fl = parse_file_list(d->data);
  if (!fl) return tl::unexpected(fl.error());
  Listed out{std::move(*d), std::move(*fl), {}};
  if (out.list.complete && out.demuxed.data.size() >= out.list.end_offset + 4) {
    out.after = out.demuxed.data.substr(out.list.end_offset + 4);
  }
  return out;
}

// The files to read, in the sampler's order (sensitive-looking names first, stratified by
// folder): regular, non-empty files read whole while they fit kMaxFileBytes and the module's
// bytes; the first bigger one is asked for last and cut at kMaxFileBytes (the connection ends
// there, so one per module).
std::vector<std::int32_t> plan_reads(const FileList& fl, const TreeWalk& w,
                                     const ProbeOptions& options, std::size_t sharing) {
  const auto order = wire_order(fl.entries);
  std::map<std::string, std::int32_t> index_of;  // "/path" of a regular file -> wire index
  for (std::size_t k = 0; k < order.size(); ++k) {
    const FileEntry& e = fl.entries[order[k]];
    if (regular_file(e)) index_of.emplace("/" + e.name, static_cast<std::int32_t>(k));
  }
  const std::size_t max_files =
      std::min<std::size_t>(kMaxReadFiles, options.max_sample_records / sharing);
  const std::size_t max_bytes =
      std::min<std::size_t>(kMaxModuleBytes, options.max_sample_bytes / sharing);
  std::vector<std::int32_t> whole;
  std::optional<std::int32_t> cut;
  std::size_t bytes = 0;
  for (const std::size_t i : w.files_to_read(kMaxSamplerCandidates)) {
    if (whole.size() + (cut ? 1 : 0) >= max_files) break;
    const auto& f = w.files()[i];
    const auto it = index_of.find(f.path);
    if (it == index_of.end() || f.size == 0) continue;
    const std::size_t reserved = cut ? kMaxFileBytes : 0;
    if (f.size <= kMaxFileBytes && bytes + f.size + reserved <= max_bytes) {
      whole.push_back(it->second);
      bytes += f.size;
    } else if (!cut && f.size > kMaxFileBytes && bytes + kMaxFileBytes <= max_bytes) {
      cut = it->second;
    }
  }
  if (cut) whole.push_back(*cut);
  return whole;
}

// Reads the files the transfer brought into samples (the budget keeps them within the caps) and
// says in `notes` what was cut or went wrong. Returns the files read; `proof` names the first.
std::size_t read_files(const Turn& turn, const Listed& l, const std::string& module,
                       Observation& obs, SampleBudget& budget, std::vector<std::string>& notes) {
  auto requested = decode_requests(turn.exchange.request);
  auto d = demux(turn.reply);
  if (!requested || !d) {
    notes.push_back("file data not read: " + (requested ? d.error() : requested.error()).message);
    return 0;
  }
  const Transfer tr = parse_transfer(l.after + d->data, *requested);
  const auto order = wire_order(l.list.entries);
  std::size_t read = 0;
  for (const auto& f : tr.files) {
    const auto k = static_cast<std::size_t>(f.index);
    if (k >= order.size() || f.data.empty()) continue;
    const FileEntry& e = l.list.entries[order[k]];
    const std::string path = printable("/" + e.name, 128);
    const std::string_view type = guess_content_type(f.data);
    if (!budget.add(obs, "rsync " + module + ":" + path, std::string(type), f.data)) break;
    if (read++ == 0) obs.proof = "file data (module " + module + ": " + path + ")";
    if (f.cut) {
      notes.push_back(path + ": first " + std::to_string(f.data.size()) + " of " +
                      std::to_string(e.size) + " bytes read (cap " +
                      std::to_string(kMaxFileBytes / 1024) + " KiB per file)");
    } else if (!f.complete) {
      notes.push_back(path + ": " + std::to_string(f.data.size()) +
                      " bytes read before the transfer ended");
    } else if (f.literal_bytes != e.size) {
      notes.push_back(path + ": " + std::to_string(f.literal_bytes) + " bytes sent, " +
                      std::to_string(e.size) + " listed");
    }
  }
  if (tr.files.size() < requested->size() && !tr.cut) {
    notes.push_back(std::to_string(requested->size() - tr.files.size()) + " of " +
                    std::to_string(requested->size()) + " files asked for were not received");
  }
  if (tr.error) notes.push_back("file data: " + printable(tr.error->message, 128));
  for (const auto& text : d->errors) notes.push_back("sender: " + printable(text, 128));
  return read;
}

}  // namespace

RsyncModuleProbe::RsyncModuleProbe(std::string module, std::size_t sharing)
    : module_(std::move(module)), sharing_(std::max<std::size_t>(sharing, 1)) {}

const ProbeInfo& RsyncModuleProbe::info() const noexcept {
  return rsync_info();
}

bool RsyncModuleProbe::recognizes_banner(std::string_view banner) const {
  return banner.starts_with("@RSYNCD: ");
}

std::optional<Exchange> RsyncModuleProbe::next(const ProbeOptions& options,
                                               const Transcript& t) const {
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
  if (parse_module_answer(sel->reply) != ModuleAnswer::ok) return std::nullopt;
  if (find_step(t, kSenderArgs) == nullptr) {
    // Protocol 29 arguments, newline-separated: a recursive listing as the sender, we the
    // receiver (no -o/-g/-l/-D: the list carries no ids, links or devices).
    return Exchange{"sender args", "--server\n--sender\n-r\n.\n" + module_ + "/\n\n", 64,
                    kSenderArgs, module_};
  }
  const Turn* list = find_step(t, kFileList);
  if (list == nullptr) {
    // An empty filter list.
    return Exchange{"file list", std::string(4, '\0'), kFileListCap, kFileList, module_};
  }
  if (find_step(t, kTransfer) != nullptr || list->end != ReplyEnd::complete) return std::nullopt;
  auto l = listed(*list);
  if (!l || !l->list.complete) return std::nullopt;
  const auto indices = plan_reads(l->list, tree_of(l->list), options, sharing_);
  if (indices.empty()) return std::nullopt;
  // Read-only: the receiver asks for files and writes nothing to the server.
  return Exchange{"file data", encode_requests(indices), kTransferCap, kTransfer, module_};
}

Framing RsyncModuleProbe::frame(const Exchange& exchange, std::string_view reply) const {
  if (exchange.request.empty()) return frame_greeting(reply);
  if (exchange.step == kSenderArgs) {
    if (reply.starts_with("@ERROR")) {
      return reply.find('\n') != std::string_view::npos ? Framing::complete : Framing::need_more;
    }
    return reply.size() >= 4 ? Framing::complete : Framing::need_more;  // the checksum seed
  }
  if (exchange.step == kFileList) {
    auto d = demux(reply);
    if (!d) return Framing::invalid;
    // An error text alone does not end the list (an unreadable folder is named and the list
    // goes on); a fatal one is followed by the daemon closing the connection.
    auto fl = parse_file_list(d->data);
    if (!fl) return Framing::invalid;
    // Whole when the list, its io_error word and the frame that carries them are in.
    const bool whole = fl->complete && !d->partial && d->data.size() >= fl->end_offset + 4;
    return whole ? Framing::complete : Framing::need_more;
  }
  if (exchange.step == kTransfer) {
    auto requested = decode_requests(exchange.request);
    auto d = demux(reply);
    if (!requested || !d) return Framing::invalid;
    const auto tr = parse_transfer(d->data, *requested);
    if (tr.error) return Framing::invalid;
    return tr.ended || tr.cut ? Framing::complete : Framing::need_more;
  }
  switch (parse_module_answer(reply)) {
    case ModuleAnswer::need_more:
      return Framing::need_more;
    case ModuleAnswer::invalid:
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
  const std::string name = printable(module_, 64);
  obs.metadata["module"] = name;
  const Turn* sel = find_step(t, kModule);
  if (sel == nullptr) {
    obs.note = "rsync daemon; module not selected";
    return obs;
  }
  std::string error;
  const auto answer = parse_module_answer(sel->reply, &error);
  if (answer == ModuleAnswer::auth_required) {
    obs.auth_demanded = true;
    obs.proof = sel->exchange.label;
    obs.note = "module " + name + " demands a user and password (AUTHREQD)";
    return obs;
  }
  if (answer != ModuleAnswer::ok) {
    obs.note = error.empty() ? "module not opened" : printable(error, 128);
    return obs;
  }
  const Turn* list = find_step(t, kFileList);
  if (list == nullptr) {
    obs.note = "module opened without credentials; file list not read";
    obs.proof = sel->exchange.label;
    return obs;
  }
  auto l = listed(*list);
  if (!l) return tl::unexpected(l.error());
  const TreeWalk w = tree_of(l->list);
  obs.metadata["entries"] = w.entries_json(kMaxListed);
  obs.metadata["file_list_complete"] = l->list.complete;
  if (!l->demuxed.errors.empty()) {
    obs.metadata["server_errors"] = printable(l->demuxed.errors.front(), 128);
  }
  // A file list answered without credentials: a data command a secured module refuses.
  obs.data_command_accepted = true;
  obs.proof = list->exchange.label;
  obs.record_count = w.files().size();
  obs.data_bytes = w.bytes_seen();
  // Files first, the listing after them: a scan's sample limits trim from the end.
  SampleBudget budget(kMaxReadFiles + 1, kMaxModuleBytes + kSampleCap, kMaxFileBytes);
  std::vector<std::string> notes;
  std::size_t read = 0;
  if (const Turn* data = find_step(t, kTransfer))
    read = read_files(*data, *l, name, obs, budget, notes);
  obs.data_read = read > 0;
  std::string why;
  if (read == 0 && !w.files().empty()) why = "names only: no file data was read";
  nlohmann::json coverage = nlohmann::json::array();
  for (const auto& line : w.coverage(read, why)) {
    coverage.push_back(name + ": " + line.get<std::string>());
  }
  for (const auto& line : notes) {
    if (coverage.size() < kMaxListed) coverage.push_back(name + ": " + line);
  }
  obs.metadata["sampling"] = coverage;
  if (auto names = w.sensitive_paths(); !names.empty()) obs.metadata["sensitive_names"] = names;
  if (w.files().empty()) {
    obs.note = "module " + name + " opened without credentials; no files";
    return obs;
  }
  budget.add(obs, "listing " + name, "text", w.listing_text(kSampleCap));
  obs.note = "module " + name + " lists " + std::to_string(w.files().size()) +
             " files without credentials; " + std::to_string(read) + " read";
  return obs;
}

Verdict RsyncModuleProbe::judge(const Observation& obs) const {
  auto facts = access_facts(obs);
  if (facts.proof.empty()) facts.proof = "banner";
  return decide_verdict(facts);
}

}  // namespace lw::probes
