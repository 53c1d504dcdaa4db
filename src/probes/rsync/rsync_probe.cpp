#include "probes/rsync/rsync_probe.h"

#include <array>

#include "core/bytes.h"
#include "probes/common/sample_budget.h"
#include "probes/common/steps.h"
#include "probes/rsync/rsync_common.h"
#include "probes/rsync/rsync_protocol.h"

namespace lw::probes {
namespace rsync {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts = {873};

const ProbeInfo kInfo{
    .id = "rsync",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::file,
    .max_reply_bytes = kFileListCap,
    .server_speaks_first = true,
};

}  // namespace

const ProbeInfo& rsync_info() noexcept {
  return kInfo;
}

bool banner_ok(const Transcript& t) {
  return !t.empty() && parse_greeting(t.front().reply).has_value();
}

bool closed(const Turn& turn) {
  return turn.end == ReplyEnd::closed || turn.end == ReplyEnd::reset;
}

void set_product(Observation& obs, const Transcript& t) {
  auto g = parse_greeting(t.front().reply);
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

Framing frame_greeting(std::string_view reply) {
  if (reply.find('\n') != std::string_view::npos) return Framing::complete;
  return reply.size() > kLineCap ? Framing::invalid : Framing::need_more;
}

}  // namespace rsync

using namespace rsync;

// ---- RsyncProbe: greeting and module list ---------------------------------------------------

const ProbeInfo& RsyncProbe::info() const noexcept {
  return rsync_info();
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
  if (exchange.request.empty()) return frame_greeting(reply);
  if (parse_module_list(reply).ended) return Framing::complete;
  return reply.size() > kListCap ? Framing::invalid : Framing::need_more;
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
    const auto ml = parse_module_list(list->reply);
    for (const auto& m : ml.modules) {
      if (modules.size() >= kMaxListed) break;
      modules.push_back({{"name", printable(m.name, 255)}, {"comment", printable(m.comment, 128)}});
    }
    obs.metadata["module_count"] = ml.modules.size();
    obs.metadata["list_complete"] = ml.ended;
    if (!ml.error.empty()) obs.metadata["error"] = printable(ml.error, 128);
    obs.proof = "#list";
  }
  obs.metadata["modules"] = modules;
  obs.note = "rsync daemon; " + std::to_string(modules.size()) +
             " modules listed (names only; each module is examined on its own connection)";
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
  std::vector<std::string> names;
  for (const auto& m : *modules) {
    if (names.size() >= kMaxFollowUps) break;
    if (m.contains("name") && m["name"].is_string()) names.push_back(m["name"].get<std::string>());
  }
  // The modules examined share the scan's sample budget.
  for (auto& name : names) {
    probes.push_back(std::make_unique<RsyncModuleProbe>(std::move(name), names.size()));
  }
  return probes;
}

Observation RsyncProbe::fold(Observation main, std::span<const Result<Observation>> modules) const {
  nlohmann::json results = nlohmann::json::array();
  std::size_t open = 0;
  std::size_t locked = 0;
  std::size_t reading = 0;
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::string first_open;
  std::string first_read;
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
      if (m.data_read && reading++ == 0) first_read = m.proof;
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
    main.capabilities.read = true;  // a listed module's files can be downloaded
    main.record_count = files;
    main.data_bytes = bytes;
    main.proof = "file list (module " + first_open + ")";
    main.note = "rsync daemon; " + std::to_string(open) + " of " + std::to_string(modules.size()) +
                " modules list " + std::to_string(files) + " files without credentials";
    if (reading > 0) {
      // Files read whole through the transfer protocol: records read, the module names it.
      main.data_read = true;
      main.proof = first_read;
      main.note += "; files read from " + std::to_string(reading) + " of them";
    }
  } else if (locked > 0 && locked == modules.size()) {
    main.auth_demanded = true;
    main.proof = "module (AUTHREQD)";
    main.note = "rsync daemon; every module examined demands a user and password";
  }
  return main;
}

}  // namespace lw::probes
