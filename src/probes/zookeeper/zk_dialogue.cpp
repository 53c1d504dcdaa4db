#include "probes/zookeeper/zk_dialogue.h"

#include <deque>

#include "probes/common/sampler.h"
#include "probes/zookeeper/zk_jute.h"

namespace lw::probes::zk {
namespace {

constexpr std::size_t kMaxNotes = 8;

std::string child_path(const std::string& parent, const std::string& child) {
  return parent == "/" ? "/" + child : parent + "/" + child;
}

std::string parent_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

void note(Dialogue& d, std::string s) {
  if (d.notes.size() < kMaxNotes) d.notes.push_back(std::move(s));
}

void on_reply(Dialogue& d, const Turn& turn, const Request& req, Reply reply) {
  if (reply.header.err == kErrNoAuth) {
    if (d.no_auth++ == 0) d.no_auth_label = turn.exchange.label;
    return;
  }
  if (reply.header.err != 0) return;
  if (req.op == kOpGetChildren) {
    if (req.path == "/") {
      d.root_listed = true;
      d.root = reply.children;
    }
    const std::size_t room = kMaxZnodesKnown - std::min(d.known, kMaxZnodesKnown);
    if (reply.children.size() > room) {
      reply.children.resize(room);
      d.capped = true;
    }
    d.known += reply.children.size();
    d.children[req.path] = std::move(reply.children);
  } else if (req.op == kOpGetData && is_data_znode(req.path) && !d.data_answered) {
    d.data_answered = true;
    d.data_answered_label = turn.exchange.label;
  }
  if (req.op == kOpGetData && reply.data && !reply.data->empty()) {
    if (d.read_label.empty()) d.read_label = turn.exchange.label;
    d.data_order.push_back(req.path);
    d.data[req.path] = reply.data->substr(0, kDataKept);
  }
}

}  // namespace

bool is_data_znode(std::string_view path) noexcept {
  return path != "/" && path != "/zookeeper" && !path.starts_with("/zookeeper/");
}

Dialogue analyse(const Transcript& t) {
  Dialogue d;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Turn& turn = t[i];
    if (i > 0) {
      // Every path asked is recorded first, answered or not, so it is never asked again.
      for (const auto& req : decode_requests(turn.exchange.request)) {
        if (req.op == kOpGetChildren) d.list_asked.insert(req.path);
        if (req.op == kOpGetData) d.read_asked.insert(req.path);
      }
    }
    if (turn.end == ReplyEnd::cap_reached) {
      note(d, turn.exchange.label + ": reply over the " +
                  std::to_string(turn.exchange.max_reply_bytes) + "-byte cap");
    }
    auto frames = split_frames(turn.reply);
    if (!frames) {
      note(d, turn.exchange.label + ": " + frames.error().describe());
      if (i == 0) break;
      continue;
    }
    if (i == 0) {
      if (frames->empty()) break;
      auto c = parse_connect_response(frames->front());
      if (!c || c->session_id == 0) break;
      d.identified = true;
      d.session = c->session_id;
      continue;
    }
    const auto requests = decode_requests(turn.exchange.request);
    for (std::size_t k = 0; k < requests.size() && k < frames->size(); ++k) {
      const auto& req = requests[k];
      auto reply = parse_reply((*frames)[k], req.op);
      if (!reply || reply->header.xid != req.xid) continue;
      on_reply(d, turn, req, std::move(*reply));
    }
  }
  return d;
}

Walk walk(const Dialogue& d) {
  Walk w;
  std::deque<std::pair<std::string, std::size_t>> queue{{"/", 0}};
  while (!queue.empty() && w.known.size() < kMaxZnodesKnown) {
    auto [path, depth] = std::move(queue.front());
    queue.pop_front();
    const auto it = d.children.find(path);
    if (it == d.children.end()) {
      if (d.list_asked.count(path)) continue;  // asked; no usable answer
      if (depth >= kMaxDepth) {
        ++w.too_deep;
      } else {
        w.to_list.push_back(path);
      }
      continue;
    }
    for (const auto& c : it->second) {
      if (path == "/" && c == "zookeeper") continue;  // the server's own tree
      std::string cp = child_path(path, c);
      w.known.emplace_back(cp, depth + 1);
      queue.emplace_back(std::move(cp), depth + 1);
    }
  }
  return w;
}

std::vector<std::string> choose_znodes(const Dialogue& d, std::size_t budget) {
  const Walk w = walk(d);
  // Leaves (and znodes never listed) hold the data; parents mostly hold none, so they come
  // after, as room allows.
  std::vector<std::string> leaves, parents, groups;
  for (const auto& [path, depth] : w.known) {
    (void)depth;
    const auto it = d.children.find(path);
    (it != d.children.end() && !it->second.empty() ? parents : leaves).push_back(path);
  }
  for (const auto& p : leaves) groups.push_back(parent_of(p));
  std::vector<SampleCandidate> candidates;
  candidates.reserve(leaves.size());
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    candidates.push_back(SampleCandidate{leaves[i], groups[i], 0});
  }
  const SamplePlan plan = plan_sample(candidates, budget);
  std::vector<std::string> out;
  for (const std::size_t i : plan.order) out.push_back(leaves[i]);
  for (const auto& p : parents) {
    if (out.size() >= budget) break;
    out.push_back(p);
  }
  return out;
}

std::optional<Exchange> next_exchange(const ProbeOptions& o, const Transcript& t) {
  if (t.empty()) return Exchange{"connect", connect_request(), 4096};
  if (t.back().end != ReplyEnd::complete) return std::nullopt;
  const Dialogue d = analyse(t);
  if (!d.identified) return std::nullopt;
  if (t.size() == 1) return Exchange{"ls /", get_children_request(1, "/"), kReplyCap};
  if (!d.root_listed || o.max_items == 0 || t.size() >= kMaxTurns) return std::nullopt;
  // xids unique in the session: 1000 per exchange.
  std::int32_t xid = static_cast<std::int32_t>(t.size()) * 1000;
  const Walk w = walk(d);
  if (!w.to_list.empty() && d.list_asked.size() < kMaxListed && d.known < kMaxZnodesKnown) {
    std::string req;
    std::size_t n = 0;
    const std::size_t room = std::min(kListBatch, kMaxListed - d.list_asked.size());
    for (const auto& path : w.to_list) {
      if (n >= room) break;
      req += get_children_request(xid++, path);
      ++n;
    }
    return Exchange{"list (" + std::to_string(n) + " znodes)", req, kReplyCap};
  }
  std::string req;
  std::size_t n = 0;
  for (const auto& path : choose_znodes(d, o.max_sample_records)) {
    if (n >= kReadBatch) break;
    if (d.read_asked.count(path)) continue;
    req += get_data_request(xid++, path);
    ++n;
  }
  if (n == 0) return std::nullopt;
  return Exchange{"read (" + std::to_string(n) + " znodes)", req, kReplyCap};
}

}  // namespace lw::probes::zk
