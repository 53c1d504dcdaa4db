#include "probes/zookeeper/zookeeper_probe.h"

#include <array>
#include <map>

#include "core/bytes.h"
#include "probes/common/sample_budget.h"
#include "probes/common/sample_text.h"
#include "probes/common/sampler.h"
#include "probes/zookeeper/zk_dialogue.h"
#include "probes/zookeeper/zk_jute.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{2181};
using zk::kReplyCap;

const ProbeInfo kInfo{
    .id = "zookeeper",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::database,
    .max_reply_bytes = kReplyCap,
    .server_speaks_first = false,
};

}  // namespace

const ProbeInfo& ZookeeperProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> ZookeeperProbe::next(const ProbeOptions& o, const Transcript& t) const {
  return zk::next_exchange(o, t);
}

Framing ZookeeperProbe::frame(const Exchange& exchange, std::string_view reply) const {
  auto sent = zk::split_frames(exchange.request);
  if (!sent || sent->empty()) return Framing::invalid;
  zk::Limits limits;
  limits.max_frame = exchange.max_reply_bytes;
  auto got = zk::split_frames(reply, limits);
  if (!got) return Framing::invalid;
  return got->size() >= sent->size() ? Framing::complete : Framing::need_more;
}

Result<Observation> ZookeeperProbe::parse(const Transcript& t) const {
  Observation obs;
  if (t.empty() || t.front().reply.empty()) {
    obs.note = "no reply to ConnectRequest";
    return obs;
  }
  const zk::Dialogue d = zk::analyse(t);
  if (!d.identified) {
    obs.note = "the reply to ConnectRequest is not ZooKeeper";
    return obs;
  }
  obs.identified = true;
  obs.product = "zookeeper";
  auto& md = obs.metadata;
  nlohmann::json markers = nlohmann::json::array({"ConnectResponse with a session id"});
  if (d.root_listed) {
    nlohmann::json root = nlohmann::json::array();
    bool has_zk = false;
    for (const auto& c : d.root) {
      has_zk = has_zk || c == "zookeeper";
      if (root.size() < 200) root.push_back(printable(c, 128));
    }
    md["root_children"] = root;
    if (has_zk) markers.push_back("the root lists /zookeeper");
  }
  nlohmann::json znodes = nlohmann::json::array();
  for (const auto& [path, kids] : d.children) {
    if (path != "/" && znodes.size() < 200) {
      znodes.push_back({{"path", printable(path, 160)}, {"children", kids.size()}});
    }
  }
  if (!znodes.empty()) md["znodes"] = znodes;
  md["markers"] = markers;
  obs.markers = static_cast<std::uint32_t>(markers.size());
  md["no_auth_replies"] = d.no_auth;
  if (!d.notes.empty()) md["notes"] = d.notes;
  SampleBudget budget;
  for (const auto& path : d.data_order) {
    const std::string& data = d.data.at(path);
    budget.add(obs, "znode " + printable(path, 160), std::string(guess_content_type(data)), data);
  }
  // The walk's coverage, and what its caps left out, said in the record.
  const zk::Walk w = zk::walk(d);
  std::vector<std::string> paths;
  paths.reserve(w.known.size());
  for (const auto& [path, depth] : w.known) paths.push_back(path);
  if (d.root_listed) {
    nlohmann::json sampling = nlohmann::json::array();
    sampling.push_back(coverage_note(d.read_asked.size(), paths.size(), "znodes", d.capped) + " (" +
                       std::to_string(d.data.size()) + " held data)");
    if (!w.to_list.empty()) {
      sampling.push_back(std::to_string(w.to_list.size()) + " znodes not listed (cap " +
                         std::to_string(zk::kMaxListed) + " listings)");
    }
    if (w.too_deep > 0) {
      sampling.push_back(std::to_string(w.too_deep) + " znodes deeper than " +
                         std::to_string(zk::kMaxDepth) + " levels not listed");
    }
    if (d.capped) {
      sampling.push_back("listing stopped at " + std::to_string(zk::kMaxZnodesKnown) + " znodes");
    }
    md["sampling"] = sampling;
  }
  if (auto names = sensitive_names(paths); !names.empty()) md["sensitive_names"] = names;
  obs.record_count = paths.size();
  // Access facts: a data znode's getData answered is a data command a secured tree refuses
  // (NoAuth); names alone (the root listing, shown to anyone) are not.
  obs.data_command_accepted = d.data_answered;
  obs.capabilities.read = d.data_answered;
  if (d.no_auth > 0) obs.auth_demanded = true;
  if (!obs.samples.empty()) {
    obs.data_read = true;
    obs.proof = d.read_label;
    obs.note = "znode data read without authentication";
  } else if (d.no_auth > 0) {
    obs.proof = d.no_auth_label;
    obs.note = "znode ACLs refused an anonymous client (NoAuth)";
  } else if (d.data_answered) {
    obs.proof = d.data_answered_label;
    obs.note = "getData answered without authentication; the znodes read hold no data";
  } else {
    obs.proof = d.root_listed ? "ls /" : "connect";
    obs.note = "session opened; only names were seen";
  }
  return obs;
}

Verdict ZookeeperProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
