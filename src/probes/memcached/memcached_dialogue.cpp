#include "probes/memcached/memcached_dialogue.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "probes/common/sampler.h"

namespace lw::probes::memcached {
namespace {

constexpr std::size_t kMaxStats = 200;
constexpr std::size_t kMaxNotes = 8;

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

std::uint64_t to_u64(std::string_view s) {
  std::uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

void note(Dialogue& d, std::string text) {
  if (d.notes.size() < kMaxNotes) d.notes.push_back(std::move(text));
}

bool refusal_line(std::string_view t) {
  return starts_with(t, "CLIENT_ERROR unauthenticated") ||
         starts_with(t, "CLIENT_ERROR authentication failure");
}

void add_key(Dialogue& d, std::set<std::string>& seen, KeyEntry e) {
  if (d.keys.size() >= kMaxKeys) return;
  if (seen.insert(e.key).second) d.keys.push_back(std::move(e));
}

void on_metadump(Dialogue& d, std::set<std::string>& seen, const Turn& turn) {
  d.metadump_done = true;
  // Dump lines end with LF alone (memcached 1.6), the closing END with CRLF. A dump cut by the
  // byte cap still lists keys: read its whole lines.
  std::string_view rest = turn.reply;
  std::string_view last;
  while (!rest.empty()) {
    const std::size_t lf = rest.find('\n');
    if (lf == std::string_view::npos) break;
    std::string_view line = rest.substr(0, std::min<std::size_t>(lf, 4096));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    KeyEntry e;
    if (parse_metadump_line(line, e)) add_key(d, seen, std::move(e));
    last = line;
    rest.remove_prefix(lf + 1);
  }
  if (refusal_line(last) && !d.refused) {
    d.refused = true;
    d.refusal = std::string(last.substr(0, 128));
    d.refusal_label = turn.exchange.label;
  }
  if (last != "END") note(d, "metadump ended with: " + std::string(last.substr(0, 80)));
}

void on_stats(Dialogue& d, const Turn& turn, const std::vector<Block>& blocks) {
  if (blocks.empty()) return;
  const Block& b = blocks[0];
  if (refusal_line(b.terminator)) {
    d.identified = true;
    d.refused = true;
    d.refusal = b.terminator.substr(0, 128);
    d.refusal_label = turn.exchange.label;
    return;
  }
  if (b.terminator != "END") return;
  for (auto& [k, v] : stat_pairs(b)) {
    if (d.stats.size() < kMaxStats) d.stats.emplace(k, v.substr(0, 128));
  }
  d.stats_marker = d.stats.count("version") && d.stats.count("pid") && d.stats.size() >= 3;
  d.identified = d.stats_marker;
}

void on_items(Dialogue& d, const std::vector<Block>& blocks) {
  d.items_seen = true;
  if (blocks.empty()) return;
  for (const auto& [k, v] : stat_pairs(blocks[0])) {
    // items:<class>:number <count>
    if (!starts_with(k, "items:")) continue;
    const std::size_t colon = k.find(':', 6);
    if (colon == std::string::npos || k.substr(colon + 1) != "number") continue;
    std::uint32_t cls = 0;
    const std::string_view id = std::string_view(k).substr(6, colon - 6);
    const auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), cls);
    if (ec != std::errc{} || p != id.data() + id.size()) continue;
    const std::uint64_t n = to_u64(v);
    if (n > 0 && d.classes.size() < 256) d.classes.emplace_back(cls, n);
  }
}

}  // namespace

Framing frame_metadump(std::string_view reply) noexcept {
  // The dump ends with an END line; a refusal or error is one line.
  if (reply.substr(0, 5) == "END\r\n" || reply.find("\nEND\r\n") != std::string_view::npos) {
    return Framing::complete;
  }
  const std::size_t crlf = reply.find("\r\n");
  if (crlf != std::string_view::npos && reply.substr(0, 4) != "key=" &&
      is_terminator(reply.substr(0, crlf))) {
    return Framing::complete;
  }
  return Framing::need_more;
}

std::size_t commands_in(std::string_view request) noexcept {
  std::size_t n = 0;
  for (std::size_t p = request.find("\r\n"); p != std::string_view::npos;
       p = request.find("\r\n", p + 2)) {
    ++n;
  }
  return n;
}

Dialogue analyse(const Transcript& transcript) {
  Dialogue d;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < transcript.size(); ++i) {
    const Turn& turn = transcript[i];
    const std::string_view req = turn.exchange.request;
    if (i > 0 && starts_with(req, "lru_crawler metadump")) {
      // Its lines end with LF alone, so it is read apart from the CRLF blocks.
      on_metadump(d, seen, turn);
      continue;
    }
    const std::size_t expected = std::max<std::size_t>(commands_in(req), 1);
    auto parsed = parse_blocks(turn.reply, expected);
    if (!parsed) {
      note(d, turn.exchange.label + ": " + parsed.error().describe());
      if (i == 0) break;
      continue;
    }
    const auto& blocks = parsed->blocks;
    if (i == 0) {
      on_stats(d, turn, blocks);
      if (!d.identified || d.refused) break;
      continue;
    }
    for (const auto& b : blocks) {
      if (refusal_line(b.terminator) && !d.refused) {
        d.refused = true;
        d.refusal = b.terminator.substr(0, 128);
        d.refusal_label = turn.exchange.label;
      }
    }
    if (starts_with(req, "stats items")) {
      on_items(d, blocks);
    } else if (starts_with(req, "stats cachedump")) {
      d.cachedump_done = true;
      for (const auto& b : blocks) {
        for (const auto& l : b.lines) {
          KeyEntry e;
          if (parse_cachedump_line(l, e)) add_key(d, seen, std::move(e));
        }
      }
    } else if (starts_with(req, "get ")) {
      ++d.gets;
      // The keys asked, from our own request ("get k1 k2 ...\r\n").
      std::string_view rest = req.substr(4, req.find("\r\n") - 4);
      while (!rest.empty() && d.keys_asked.size() < kMaxGets * kGetBatch) {
        const std::size_t sp = rest.find(' ');
        d.keys_asked.emplace_back(rest.substr(0, sp));
        if (sp == std::string_view::npos) break;
        rest.remove_prefix(sp + 1);
      }
      if (!blocks.empty() && blocks[0].terminator == "END") {
        d.get_marker = true;
        for (const auto& v : blocks[0].values) {
          if (d.values.size() >= kMaxGets * kGetBatch) break;
          if (d.get_label.empty() && !v.data.empty()) d.get_label = turn.exchange.label;
          d.values.push_back(v);
        }
      }
    }
  }
  return d;
}

std::vector<std::string> choose_keys(const Dialogue& d, std::size_t budget) {
  std::vector<const std::string*> eligible;
  std::vector<SampleCandidate> candidates;
  for (const auto& k : d.keys) {
    if (k.size > kMaxValueRead || !is_safe_key(k.key)) continue;
    eligible.push_back(&k.key);
    candidates.push_back(SampleCandidate{k.key, {}, 0});
  }
  const SamplePlan plan = plan_sample(candidates, budget);
  std::vector<std::string> out;
  out.reserve(plan.order.size());
  for (const std::size_t i : plan.order) out.push_back(*eligible[i]);
  return out;
}

std::optional<Exchange> next_exchange(const ProbeOptions& options, const Transcript& t) {
  if (t.empty()) return Exchange{"stats", "stats\r\n", kStatsCap};
  if (t.back().end != ReplyEnd::complete) return std::nullopt;
  const Dialogue d = analyse(t);
  if (!d.identified || d.refused || t.size() >= kMaxTurns) return std::nullopt;
  if (!d.items_seen) return Exchange{"stats items", "stats items\r\n", kStatsCap};
  if (options.max_items == 0) return std::nullopt;
  if (!d.cachedump_done && !d.classes.empty()) {
    const std::size_t n = std::min(d.classes.size(), kMaxClassesDumped);
    // Names for the sampler: kMaxKeys over the classes dumped (max_items only bounds what
    // metadata lists).
    const std::size_t per = std::max<std::size_t>(1, kMaxKeys / n);
    std::string req;
    for (std::size_t i = 0; i < n; ++i) {
      req += "stats cachedump " + std::to_string(d.classes[i].first) + " " + std::to_string(per) +
             "\r\n";
    }
    return Exchange{"stats cachedump (" + std::to_string(n) + " classes)", req, kDumpCap};
  }
  const auto items = d.stats.find("curr_items");
  const std::uint64_t count = items != d.stats.end() ? to_u64(items->second) : 0;
  // cachedump lists one LRU segment only, so fresh items can be missing from it: dump the
  // metadata when it listed nothing, or listed fewer keys than a small cache holds (a small
  // cache's whole dump fits in the reply cap; a cut dump would end the dialogue before the get).
  const bool partial = d.keys.size() < count && count <= kMetadumpMaxItems;
  if (count > 0 && (d.keys.empty() || partial) && !d.metadump_done) {
    return Exchange{"lru_crawler metadump all", "lru_crawler metadump all\r\n", kDumpCap};
  }
  if (d.gets < kMaxGets && options.max_sample_records > 0) {
    const std::set<std::string> asked(d.keys_asked.begin(), d.keys_asked.end());
    std::string req = "get";
    std::size_t n = 0;
    for (const auto& k : choose_keys(d, options.max_sample_records)) {
      if (n >= kGetBatch) break;
      if (asked.count(k)) continue;
      req += " " + k;
      ++n;
    }
    if (n > 0) return Exchange{"get (" + std::to_string(n) + " keys)", req + "\r\n", kGetCap};
  }
  return std::nullopt;
}

}  // namespace lw::probes::memcached
