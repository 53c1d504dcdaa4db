#include "probes/zookeeper/zookeeper_probe.h"

#include <array>
#include <map>

#include "core/bytes.h"
#include "probes/common/sample_text.h"
#include "probes/zookeeper/zk_jute.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{2181};
constexpr std::uint32_t kReplyCap = 256 * 1024;
constexpr std::size_t kLevel1Nodes = 5;
constexpr std::size_t kMaxReads = 10;
constexpr std::size_t kDataShown = 4096;

const ProbeInfo kInfo{
    .id = "zookeeper",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::database,
    .max_reply_bytes = kReplyCap,
    .server_speaks_first = false,
};

struct Dialogue {
  bool identified = false;
  std::int64_t session = 0;
  bool root_listed = false;
  std::vector<std::string> root;
  std::map<std::string, std::vector<std::string>> children;  // path -> children
  std::map<std::string, std::string> data;                   // path -> data (non-null)
  std::vector<std::string> data_order;
  std::size_t no_auth = 0;
  std::string no_auth_label;
  std::string read_label;
  bool level1_done = false;
  bool level2_done = false;
  std::vector<std::string> notes;
};

std::string child_path(const std::string& parent, const std::string& child) {
  return parent == "/" ? "/" + child : parent + "/" + child;
}

Dialogue analyse(const Transcript& t) {
  Dialogue d;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Turn& turn = t[i];
    auto frames = zk::split_frames(turn.reply);
    if (!frames) {
      if (d.notes.size() < 8)
        d.notes.push_back(turn.exchange.label + ": " + frames.error().describe());
      if (i == 0) break;
      continue;
    }
    if (i == 0) {
      if (frames->empty()) break;
      auto c = zk::parse_connect_response(frames->front());
      if (!c || c->session_id == 0) break;
      d.identified = true;
      d.session = c->session_id;
      continue;
    }
    const auto requests = zk::decode_requests(turn.exchange.request);
    if (turn.exchange.label.starts_with("read level 1")) d.level1_done = true;
    if (turn.exchange.label.starts_with("read level 2")) d.level2_done = true;
    for (std::size_t k = 0; k < requests.size() && k < frames->size(); ++k) {
      const auto& req = requests[k];
      auto reply = zk::parse_reply((*frames)[k], req.op);
      if (!reply || reply->header.xid != req.xid) continue;
      if (reply->header.err == zk::kErrNoAuth) {
        if (d.no_auth++ == 0) d.no_auth_label = turn.exchange.label;
        continue;
      }
      if (reply->header.err != 0) continue;
      if (req.op == zk::kOpGetChildren) {
        if (req.path == "/") {
          d.root_listed = true;
          d.root = reply->children;
        }
        d.children[req.path] = std::move(reply->children);
      } else if (req.op == zk::kOpGetData && reply->data && !reply->data->empty()) {
        if (d.read_label.empty()) d.read_label = turn.exchange.label;
        d.data_order.push_back(req.path);
        d.data[req.path] = reply->data->substr(0, kDataShown);
      }
    }
  }
  return d;
}

}  // namespace

const ProbeInfo& ZookeeperProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> ZookeeperProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) return Exchange{"connect", zk::connect_request(), 4096};
  if (t.back().end != ReplyEnd::complete) return std::nullopt;
  const Dialogue d = analyse(t);
  if (!d.identified) return std::nullopt;
  if (t.size() == 1) return Exchange{"ls /", zk::get_children_request(1, "/"), kReplyCap};
  if (!d.root_listed || o.max_items == 0) return std::nullopt;
  std::int32_t xid = 2;
  if (!d.level1_done) {
    std::string req;
    std::size_t n = 0;
    for (const auto& c : d.root) {
      if (c == "zookeeper" || n >= std::min<std::size_t>(kLevel1Nodes, o.max_items)) continue;
      req += zk::get_data_request(xid++, "/" + c);
      req += zk::get_children_request(xid++, "/" + c);
      ++n;
    }
    if (n == 0) return std::nullopt;
    return Exchange{"read level 1 (" + std::to_string(n) + " znodes)", req, kReplyCap};
  }
  if (!d.level2_done) {
    const std::size_t cap = std::min<std::size_t>(kMaxReads, o.max_sample_records);
    std::string req;
    std::size_t n = 0;
    xid = 100;
    for (const auto& c : d.root) {
      const auto it = d.children.find("/" + c);
      if (it == d.children.end()) continue;
      for (const auto& g : it->second) {
        if (n >= cap) break;
        req += zk::get_data_request(xid++, child_path("/" + c, g));
        ++n;
      }
    }
    if (n == 0) return std::nullopt;
    return Exchange{"read level 2 (" + std::to_string(n) + " znodes)", req, kReplyCap};
  }
  return std::nullopt;
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
  const Dialogue d = analyse(t);
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
  md["no_auth_replies"] = d.no_auth;
  if (!d.notes.empty()) md["notes"] = d.notes;
  for (const auto& path : d.data_order) {
    const std::string& data = d.data.at(path);
    obs.samples.push_back(
        Sample{"znode " + printable(path, 160), std::string(guess_content_type(data)), data});
  }
  obs.record_count = d.data.size();
  if (!obs.samples.empty()) {
    obs.data_read = true;
    obs.proof = d.read_label;
    obs.note = "znode data read without authentication";
  } else if (d.no_auth > 0) {
    obs.auth_demanded = true;
    obs.proof = d.no_auth_label;
    obs.note = "znode ACLs refused an anonymous client (NoAuth)";
  } else {
    obs.proof = d.root_listed ? "ls /" : "connect";
    obs.note = "session opened; only names were seen";
  }
  return obs;
}

Verdict ZookeeperProbe::judge(const Observation& obs) const {
  if (!obs.identified) return {VerdictKind::not_this_protocol, obs.note, EvidenceKind::none, ""};
  const auto m = obs.metadata.find("markers");
  const std::size_t n = m != obs.metadata.end() && m->is_array() ? m->size() : 0;
  if (obs.data_read && n >= 2) return {VerdictKind::open, obs.note, EvidenceKind::read, obs.proof};
  if (obs.auth_demanded) {
    return {VerdictKind::auth_required, obs.note, EvidenceKind::identity, obs.proof};
  }
  return {VerdictKind::unknown, obs.note, EvidenceKind::identity, obs.proof};
}

}  // namespace lw::probes
