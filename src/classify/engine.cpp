#include "classify/engine.h"

#include <algorithm>
#include <array>
#include <unordered_map>

#include "classify/digit_scanner.h"
#include "classify/extract.h"

namespace lw::classify {
namespace {

constexpr std::size_t kContextBefore = 40;
constexpr std::size_t kContextAfter = 24;
constexpr std::size_t kCheckClockEvery = 4096;

bool overlaps(std::size_t b1, std::size_t e1, std::size_t b2, std::size_t e2) noexcept {
  return b1 < e2 && b2 < e1;
}

}  // namespace

std::string normalise_context(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    else if (c == '_' || c == '-')
      c = ' ';
  }
  return out;
}

bool safe_label(std::string_view name) noexcept {
  if (name.size() > 64) return false;
  std::size_t digits = 0;
  for (char c : name) {
    if (c == '@' || c < 0x20 || static_cast<unsigned char>(c) >= 0x7f) return false;
    if (c >= '0' && c <= '9') ++digits;
  }
  return digits < 4;
}

bool FindingSink::add(Finding finding) {
  if (full()) return false;
  auto key = finding.detector + '\n' + finding.location + '\n' + finding.value_hash;
  if (!seen_.insert(std::move(key)).second) return true;
  findings_.push_back(std::move(finding));
  return !full();
}

Result<std::shared_ptr<const Engine>> Engine::build(std::vector<Rule> rules, const HmacKey& key) {
  std::shared_ptr<Engine> engine(new Engine());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    auto fn = find_validator(rules[i].validator);
    if (!fn) {
      return fail(ErrorCode::parse_error, "unknown validator '" + rules[i].validator + "'",
                  rules[i].origin);
    }
    engine->validators_.push_back(fn);
    if (rules[i].digit_scanner) {
      engine->digit_rules_.push_back(static_cast<std::uint32_t>(i));
      engine->digit_shapes_.push_back(digit_shape(rules[i].validator));
    }
    for (auto& word : rules[i].context) word = normalise_context(word);
  }
  auto db = PatternDb::build(rules);
  if (!db) return tl::unexpected(db.error());
  engine->db_ = std::move(*db);
  engine->rules_ = std::move(rules);
  auto hmac = Hmac::create(key);
  if (!hmac) return tl::unexpected(hmac.error());
  engine->hmac_ = std::move(*hmac);
  return std::shared_ptr<const Engine>(std::move(engine));
}

const Segment* Engine::segment_at(const ScanInput& in, std::size_t offset) const {
  const auto& segs = in.segments;
  auto it = std::upper_bound(segs.begin(), segs.end(), offset,
                             [](std::size_t off, const Segment& s) { return off < s.begin; });
  if (it == segs.begin()) return nullptr;
  --it;
  return offset < it->end ? &*it : nullptr;
}

bool Engine::has_context(const Rule& rule, const ScanInput& in, std::size_t begin,
                         std::size_t end) const {
  if (rule.context.empty()) return false;
  const auto& t = in.text;
  const auto lo = begin > kContextBefore ? begin - kContextBefore : 0;
  const auto hi = std::min(t.size(), end + kContextAfter);
  // The normalised text before and after the value, in a fixed buffer.
  std::array<char, kContextBefore + kContextAfter + 1> buf{};
  std::size_t n = 0;
  const auto put = [&](char c) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    else if (c == '_' || c == '-')
      c = ' ';
    buf[n++] = c;
  };
  for (auto i = lo; i < begin; ++i) put(t[i]);
  buf[n++] = ' ';
  for (auto i = end; i < hi; ++i) put(t[i]);
  const std::string_view window(buf.data(), n);
  const Segment* seg = segment_at(in, begin);
  for (const auto& word : rule.context) {  // normalised when the engine was built
    if (window.find(word) != std::string_view::npos) return true;
    if (seg && !seg->context.empty() && seg->context.find(word) != std::string::npos) return true;
  }
  return false;
}

void Engine::try_candidate(const ScanInput& in, std::uint32_t rule_index, std::size_t begin,
                           std::size_t end, bool field_context, std::vector<Hit>& hits) const {
  const Rule& rule = rules_[rule_index];
  const Candidate candidate{in.text.substr(begin, end - begin), in.text, begin};
  auto validated = validators_[rule_index](candidate);
  if (validated.verdict == Verdict::reject) return;
  const bool context = field_context || has_context(rule, in, begin, end);
  const bool need = rule.context_required || validated.verdict == Verdict::needs_context;
  if (need && !context) return;
  double confidence = rule.confidence;
  if (context && !need) confidence += 0.1;
  hits.push_back(
      Hit{rule_index, begin, end, std::min(confidence, 0.99), std::move(validated.normalized)});
}

void Engine::pattern_hits(const ScanInput& in, std::vector<RawMatch>& raw,
                          std::vector<Hit>& hits) const {
  // A match rule's start comes from its own start-of-match database, run over a short window;
  // it reports every end for one start, and its value is the longest.
  std::unordered_map<std::uint64_t, std::uint32_t> longest;
  for (auto& m : raw) {
    if (rules_[m.rule].extract != Extract::match) continue;
    const auto from = db_->start_of(m.rule, in.text, m.to);
    if (!from) {
      m.to = 0;  // no start found (cannot happen for a match the main database reported)
      continue;
    }
    m.from = *from;
    auto& to = longest[(std::uint64_t{m.rule} << 40) | m.from];
    to = std::max(to, m.to);
  }
  std::unordered_set<std::uint64_t> done;
  for (std::size_t k = 0; k < raw.size(); ++k) {
    if (k % kCheckClockEvery == kCheckClockEvery - 1 && Clock::now() > in.deadline) return;
    const auto& m = raw[k];
    const Rule& rule = rules_[m.rule];
    if (rule.extract == Extract::match &&
        (m.to == 0 || longest[(std::uint64_t{m.rule} << 40) | m.from] != m.to)) {
      continue;
    }
    const auto span = extract_value(rule.extract, in.text, m.from, m.to);
    if (!span || span->end <= span->begin) continue;
    const std::uint64_t key = (std::uint64_t{m.rule} << 40) | span->begin;
    if (!done.insert(key).second) continue;
    try_candidate(in, m.rule, span->begin, span->end, false, hits);
  }
}

void Engine::digit_hits(const ScanInput& in, std::vector<Hit>& hits, std::size_t cap) const {
  if (digit_rules_.empty()) return;
  std::vector<DigitRun> runs;
  scan_digit_runs(in.text, runs, cap);
  for (std::size_t k = 0; k < runs.size(); ++k) {
    if (k % kCheckClockEvery == kCheckClockEvery - 1 && Clock::now() > in.deadline) return;
    const auto& run = runs[k];
    const bool alpha = run.alpha_end > run.alpha_begin;
    for (std::size_t r = 0; r < digit_rules_.size(); ++r) {
      const auto& shape = digit_shapes_[r];
      if (shape.alpha != alpha) continue;
      if (alpha) {
        try_candidate(in, digit_rules_[r], run.alpha_begin, run.alpha_end, false, hits);
        continue;
      }
      if (run.digits < shape.min_digits || run.digits > shape.max_digits ||
          run.groups < shape.min_groups || run.groups > shape.max_groups) {
        continue;
      }
      try_candidate(in, digit_rules_[r], run.begin, run.end, false, hits);
    }
  }
}

void Engine::field_hits(const ScanInput& in, std::vector<Hit>& hits) const {
  // A value under a telling field name or header is validated whole, keyword or not.
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> by_context;
  for (const auto& seg : in.segments) {
    if (seg.context.empty() || seg.end <= seg.begin || seg.end - seg.begin > 512) continue;
    auto [it, inserted] = by_context.try_emplace(seg.context);
    if (inserted) {
      for (std::uint32_t i = 0; i < rules_.size(); ++i) {
        const Rule& r = rules_[i];
        if (r.extract != Extract::after && !r.digit_scanner) continue;
        for (const auto& word : r.context) {
          if (seg.context.find(word) != std::string::npos) {
            it->second.push_back(i);
            break;
          }
        }
      }
    }
    for (auto idx : it->second) {
      std::size_t b = seg.begin, e = seg.end;
      while (b < e && (in.text[b] == ' ' || in.text[b] == '"')) ++b;
      while (e > b && (in.text[e - 1] == ' ' || in.text[e - 1] == '"' || in.text[e - 1] == '\r'))
        --e;
      if (e > b) try_candidate(in, idx, b, e, true, hits);
    }
  }
}

Result<void> Engine::scan(const ScanInput& in, FindingSink& sink, const Limits& limits) const {
  std::vector<RawMatch> raw;
  auto complete = db_->scan(in.text, raw, limits.max_candidates);
  if (!complete) return tl::unexpected(complete.error());
  std::vector<Hit> hits;
  pattern_hits(in, raw, hits);
  digit_hits(in, hits, limits.max_candidates);
  if (!in.segments.empty()) field_hits(in, hits);

  // One hit per rule and start; generic rules give way to specific ones on the same text.
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.rule < b.rule;
  });
  std::vector<bool> dropped(hits.size(), false);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    if (i > 0 && hits[i].begin == hits[i - 1].begin && hits[i].rule == hits[i - 1].rule) {
      dropped[i] = true;
      continue;
    }
    if (!rules_[hits[i].rule].generic) continue;
    // Values are at most 512 bytes long, so only neighbours that close can overlap.
    std::size_t j = i;
    while (j > 0 && hits[j - 1].begin + 512 > hits[i].begin) --j;
    for (; j < hits.size() && hits[j].begin < hits[i].end; ++j) {
      if (j == i || rules_[hits[j].rule].generic) continue;
      if (overlaps(hits[i].begin, hits[i].end, hits[j].begin, hits[j].end)) {
        dropped[i] = true;
        break;
      }
    }
  }
  // Values repeat (the same address on every log line): hash each distinct value once per scan.
  std::unordered_map<std::string, std::string> hashes;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const Hit& h = hits[i];
    if (dropped[i] || h.begin < in.report_from || h.begin >= in.report_until) continue;
    const Rule& rule = rules_[h.rule];
    Finding f;
    f.detector = rule.id;
    f.family = rule.family;
    f.confidence = h.confidence;
    f.severity = rule.severity;
    const Segment* seg = segment_at(in, h.begin);
    f.location = in.location_prefix +
                 (seg ? seg->label : "offset " + std::to_string(in.base_offset + h.begin));
    f.masked = mask_value(rule.mask, h.normalized, in.text.substr(h.begin, h.end - h.begin));
    auto [cached, fresh] = hashes.try_emplace(h.normalized);
    if (fresh) cached->second = hmac_->hex(h.normalized);
    f.value_hash = cached->second;
    if (!sink.add(std::move(f))) break;
  }
  return {};
}

}  // namespace lw::classify
