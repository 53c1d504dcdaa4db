#include "classify/engine.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "classify/digit_scanner.h"
#include "classify/email_scanner.h"
#include "classify/extract.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace lw::classify {
namespace {

// The leading groups of a digit run: for each k, where its first k groups end and their digits.
struct LeadingGroups {
  std::array<DigitRun, 16> runs{};  // runs[k - 1]: the first k groups
  std::size_t count = 0;
};

LeadingGroups leading_groups(std::string_view text, const DigitRun& run) {
  LeadingGroups out;
  std::uint8_t digits = 0;
  for (std::size_t i = run.begin; i < run.end && out.count < out.runs.size();) {
    if (text[i] < '0' || text[i] > '9') {
      ++i;
      continue;
    }
    while (i < run.end && text[i] >= '0' && text[i] <= '9') {
      ++digits;
      ++i;
    }
    DigitRun& r = out.runs[out.count];
    r.begin = run.begin;
    r.end = static_cast<std::uint32_t>(i);
    r.digits = digits;
    r.groups = static_cast<std::uint8_t>(++out.count);
  }
  return out;
}

constexpr std::size_t kContextBefore = 40;
constexpr std::size_t kContextAfter = 24;
constexpr std::size_t kCheckClockEvery = 4096;

#if !defined(__SSE2__)
// normalise_context() for one byte: lower case, '_' and '-' as spaces.
constexpr std::array<char, 256> kNormalised = [] {
  std::array<char, 256> table{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    char c = static_cast<char>(static_cast<unsigned char>(i));
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    else if (c == '_' || c == '-')
      c = ' ';
    table[i] = c;
  }
  return table;
}();
#endif

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

Engine::ContextIndex Engine::index_words(std::vector<std::string>& words) {
  ContextIndex index;
  for (auto& word : words) {
    word = normalise_context(word);
    if (word.empty()) {
      index.has_empty_word = true;
    } else if (word.size() == 1) {
      const auto c = static_cast<unsigned char>(word[0]);
      index.first[c >> 6] |= std::uint64_t{1} << (c & 63);
      index.has_one_letter_word = true;
    } else {
      const auto pair = ContextIndex::pair_of(static_cast<unsigned char>(word[0]),
                                              static_cast<unsigned char>(word[1]));
      if (((index.pairs[pair >> 6] >> (pair & 63)) & 1) == 0) {
        if (index.pair_count < ContextIndex::kMaxListedPairs) {
          index.pair_list[index.pair_count] = {word[0], word[1]};
        }
        ++index.pair_count;
      }
      index.pairs[pair >> 6] |= std::uint64_t{1} << (pair & 63);
    }
  }
  return index;
}

Result<std::shared_ptr<const Engine>> Engine::build(std::vector<Rule> rules, const HmacKey& key,
                                                    const std::filesystem::path& cache_dir) {
  std::shared_ptr<Engine> engine(new Engine());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    auto fn = find_validator(rules[i].validator);
    if (!fn) {
      return fail(ErrorCode::parse_error, "unknown validator '" + rules[i].validator + "'",
                  rules[i].origin);
    }
    engine->validators_.push_back(fn);
    engine->confirmers_.push_back(find_confirmer(rules[i].validator));
    if (rules[i].digit_scanner) {
      const auto shape = digit_shape(rules[i].validator);
      if (shape.alpha) {
        engine->alpha_rules_.push_back(static_cast<std::uint32_t>(i));
      } else {
        engine->digit_rules_.push_back(static_cast<std::uint32_t>(i));
        engine->digit_shapes_.push_back(shape);
      }
    }
    if (rules[i].email_scanner) engine->email_rules_.push_back(static_cast<std::uint32_t>(i));
    engine->context_index_.push_back(index_words(rules[i].context));
    engine->exclude_index_.push_back(index_words(rules[i].exclude));
  }
  if (engine->digit_rules_.size() > 64) {
    return fail(ErrorCode::parse_error, "more than 64 digit-scanner rules",
                rules[engine->digit_rules_[64]].origin);
  }
  std::vector<std::uint64_t> masks(kShapeDigits * kShapeGroups);
  for (std::size_t k = 0; k < masks.size(); ++k) {
    DigitRun run;
    run.digits = static_cast<std::uint8_t>(k / kShapeGroups);
    run.groups = static_cast<std::uint8_t>(k % kShapeGroups);
    masks[k] = engine->digit_rules_for(run);
  }
  engine->shape_masks_ = std::move(masks);
  auto db = PatternDb::build(rules, cache_dir);
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

bool Engine::window_has_word(const std::vector<std::string>& words, const ContextIndex& index,
                             std::string_view t, std::size_t begin, std::size_t end) {
  if (words.empty()) return false;
  if (index.has_empty_word) return true;  // "" is found in any window
  const auto lo = begin > kContextBefore ? begin - kContextBefore : 0;
  const auto hi = std::min(t.size(), end + kContextAfter);
  // The normalised text before and after the value, in a fixed buffer padded with zeros.
  std::array<char, 96> buf;
  static_assert(kContextBefore + kContextAfter + 1 + 17 <= 96);
  std::size_t n = begin - lo;
  std::memcpy(buf.data(), t.data() + lo, n);
  buf[n++] = ' ';
  std::memcpy(buf.data() + n, t.data() + end, hi - end);
  n += hi - end;
  std::memset(buf.data() + n, 0, buf.size() - n);
#if defined(__SSE2__)
  for (std::size_t k = 0; k < buf.size(); k += 16) {
    auto* at = reinterpret_cast<__m128i*>(buf.data() + k);
    const __m128i x = _mm_loadu_si128(at);
    const __m128i shifted = _mm_sub_epi8(x, _mm_set1_epi8('A'));
    const __m128i upper = _mm_cmpeq_epi8(_mm_min_epu8(shifted, _mm_set1_epi8(25)), shifted);
    const __m128i lowered = _mm_or_si128(x, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
    const __m128i dash =
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('_')), _mm_cmpeq_epi8(x, _mm_set1_epi8('-')));
    _mm_storeu_si128(
        at, _mm_or_si128(_mm_andnot_si128(dash, lowered), _mm_and_si128(dash, _mm_set1_epi8(' '))));
  }
#else
  for (std::size_t i = 0; i < n; ++i) buf[i] = kNormalised[static_cast<unsigned char>(buf[i])];
#endif
  const auto word_at = [&](std::size_t i) {
    for (const auto& word : words) {  // normalised when the engine was built
      if (word[0] == buf[i] && word.size() <= n - i &&
          std::memcmp(buf.data() + i, word.data(), word.size()) == 0) {
        return true;
      }
    }
    return false;
  };
  bool found = false;
#if defined(__SSE2__)
  if (!index.has_one_letter_word && index.pair_count <= ContextIndex::kMaxListedPairs) {
    // Sixteen positions at a time: where do the first two bytes of one of the words occur?
    for (std::size_t k = 0; k < n && !found; k += 16) {
      const __m128i b0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf.data() + k));
      const __m128i b1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf.data() + k + 1));
      __m128i hit = _mm_setzero_si128();
      for (std::size_t p = 0; p < index.pair_count; ++p) {
        hit = _mm_or_si128(hit,
                           _mm_and_si128(_mm_cmpeq_epi8(b0, _mm_set1_epi8(index.pair_list[p][0])),
                                         _mm_cmpeq_epi8(b1, _mm_set1_epi8(index.pair_list[p][1]))));
      }
      for (auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit)); mask != 0 && !found;
           mask &= mask - 1) {
        const auto i = k + static_cast<std::size_t>(__builtin_ctz(mask));
        found = i < n && word_at(i);
      }
    }
  } else
#endif
  {
    // One pass; only positions whose two bytes open one of the rule's words (or whose byte is a
    // one-letter word) are compared.
    for (std::size_t i = 0; i < n && !found; ++i) {
      const auto c = static_cast<unsigned char>(buf[i]);
      const auto pair = ContextIndex::pair_of(c, static_cast<unsigned char>(buf[i + 1]));
      const bool maybe =
          ((index.pairs[pair >> 6] >> (pair & 63)) & 1) != 0 ||
          (index.has_one_letter_word && ((index.first[c >> 6] >> (c & 63)) & 1) != 0);
      found = maybe && word_at(i);
    }
  }
  return found;
}

bool Engine::has_context(std::uint32_t rule_index, const ScanInput& in, std::size_t begin,
                         std::size_t end) const {
  const Rule& rule = rules_[rule_index];
  if (rule.context.empty()) return false;
  if (window_has_word(rule.context, context_index_[rule_index], in.text, begin, end)) return true;
  const Segment* seg = in.segments.empty() ? nullptr : segment_at(in, begin);
  if (seg && !seg->context.empty()) {
    for (const auto& word : rule.context) {
      if (seg->context.find(word) != std::string::npos) return true;
    }
  }
  return false;
}

void Engine::try_candidate(const ScanInput& in, std::uint32_t rule_index, std::size_t begin,
                           std::size_t end, bool field_context, std::vector<Hit>& hits) const {
  const Rule& rule = rules_[rule_index];
  const Candidate candidate{in.text.substr(begin, end - begin), in.text, begin};
  auto validated = validators_[rule_index](candidate);
  if (validated.verdict == Verdict::reject) return;
  if (window_has_word(rule.exclude, exclude_index_[rule_index], in.text, begin, end)) return;
  const bool context = field_context || has_context(rule_index, in, begin, end);
  const bool need = rule.context_required || validated.verdict == Verdict::needs_context;
  if (need && !context) return;
  if (validated.confirm && confirmers_[rule_index] &&
      !confirmers_[rule_index](validated.normalized)) {
    return;
  }
  double confidence = rule.confidence;
  if (context && !need) confidence += 0.1;
  hits.push_back(
      Hit{rule_index, begin, end, std::min(confidence, 0.99), std::move(validated.normalized)});
}

void Engine::pattern_hits(const ScanInput& in, std::vector<RawMatch>& raw,
                          std::vector<Hit>& hits) const {
  // A match rule's start comes from its own start-of-match database (all of a rule's ends at
  // once); it reports every end for one start, and its value is the longest.
  std::vector<std::uint32_t> order;
  for (std::uint32_t k = 0; k < raw.size(); ++k) {
    if (rules_[raw[k].rule].extract == Extract::match) order.push_back(k);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&raw](std::uint32_t a, std::uint32_t b) { return raw[a].rule < raw[b].rule; });
  std::vector<std::uint32_t> ends, starts;
  for (std::size_t g = 0; g < order.size();) {
    const auto rule = raw[order[g]].rule;
    std::size_t h = g;
    ends.clear();
    while (h < order.size() && raw[order[h]].rule == rule) ends.push_back(raw[order[h++]].to);
    starts.resize(ends.size());
    if (std::is_sorted(ends.begin(), ends.end())) {
      db_->starts_of(rule, in.text, ends, starts);
    } else {  // Vectorscan reports in end order; this is only a safety net
      for (std::size_t k = 0; k < ends.size(); ++k) {
        db_->starts_of(rule, in.text, std::span(ends).subspan(k, 1),
                       std::span(starts).subspan(k, 1));
      }
    }
    for (std::size_t k = 0; k < ends.size(); ++k) {
      auto& m = raw[order[g + k]];
      if (starts[k] == PatternDb::kNoStart) {
        m.to = 0;  // no start found (cannot happen for a match the main database reported)
      } else {
        m.from = starts[k];
      }
    }
    g = h;
  }
  // Only the longest match per rule and start is a candidate.
  std::sort(order.begin(), order.end(), [&raw](std::uint32_t a, std::uint32_t b) {
    const auto& x = raw[a];
    const auto& y = raw[b];
    return x.rule != y.rule ? x.rule < y.rule : x.from != y.from ? x.from < y.from : x.to < y.to;
  });
  std::vector<bool> shorter(raw.size(), false);
  for (std::size_t k = 0; k + 1 < order.size(); ++k) {
    const auto& x = raw[order[k]];
    const auto& y = raw[order[k + 1]];
    if (x.rule == y.rule && x.from == y.from && x.to < y.to) shorter[order[k]] = true;
  }
  std::unordered_set<std::uint64_t> done;
  done.reserve(raw.size());
  for (std::size_t k = 0; k < raw.size(); ++k) {
    if (k % kCheckClockEvery == kCheckClockEvery - 1 && Clock::now() > in.deadline) return;
    const auto& m = raw[k];
    const Rule& rule = rules_[m.rule];
    if (rule.extract == Extract::match && (m.to == 0 || shorter[k])) continue;
    const auto span = extract_value(rule.extract, in.text, m.from, m.to);
    if (!span || span->end <= span->begin) continue;
    const std::uint64_t key = (std::uint64_t{m.rule} << 40) | span->begin;
    if (!done.insert(key).second) continue;
    try_candidate(in, m.rule, span->begin, span->end, false, hits);
  }
}

std::uint64_t Engine::digit_rules_for(const DigitRun& run) const noexcept {
  if (run.digits < kShapeDigits && run.groups < kShapeGroups && !shape_masks_.empty()) {
    return shape_masks_[std::size_t{run.digits} * kShapeGroups + run.groups];
  }
  std::uint64_t mask = 0;
  for (std::size_t r = 0; r < digit_shapes_.size() && r < 64; ++r) {
    const auto& shape = digit_shapes_[r];
    if (!shape.alpha && run.digits >= shape.min_digits && run.digits <= shape.max_digits &&
        run.groups >= shape.min_groups && run.groups <= shape.max_groups) {
      mask |= std::uint64_t{1} << r;
    }
  }
  return mask;
}

void Engine::digit_hits(const ScanInput& in, std::vector<Hit>& hits, std::size_t cap) const {
  if (digit_rules_.empty()) return;
  std::array<DigitRun, 256> batch;
  std::size_t seen = 0;
  for (std::size_t at = 0; at < in.text.size();) {
    if (Clock::now() > in.deadline) return;
    const auto got = scan_digit_runs(in.text, at, batch);
    at = got.resume;
    for (std::size_t k = 0; k < got.count; ++k, ++seen) {
      if (seen >= cap) return;
      const auto& run = batch[k];
      if (run.alpha_end > run.alpha_begin) {
        for (auto r : alpha_rules_)
          try_candidate(in, r, run.alpha_begin, run.alpha_end, false, hits);
        continue;
      }
      // Only the rules whose digit and group counts fit the run look at it.
      const std::uint64_t whole = digit_rules_for(run);
      for (auto mask = whole; mask != 0; mask &= mask - 1) {
        const auto r = static_cast<std::size_t>(__builtin_ctzll(mask));
        try_candidate(in, digit_rules_[r], run.begin, run.end, false, hits);
      }
      // A value with more digit groups after it ("4111 1111 1111 1111 12/30": a card and its
      // expiry on one line) is one run too long for its rule: its leading groups are tried too,
      // by the rules that did not fit the whole run; the validators decide as for any run.
      if (run.groups >= 5) {
        const LeadingGroups lead = leading_groups(in.text, run);
        for (std::size_t g = lead.count; g-- > 2;) {
          const DigitRun& part = lead.runs[g - 1];
          for (auto mask = digit_rules_for(part) & ~whole; mask != 0; mask &= mask - 1) {
            const auto r = static_cast<std::size_t>(__builtin_ctzll(mask));
            try_candidate(in, digit_rules_[r], part.begin, part.end, false, hits);
          }
        }
      }
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
  scan_email_candidates(in.text, email_rules_, raw, limits.max_candidates);
  std::vector<Hit> hits;
  pattern_hits(in, raw, hits);
  digit_hits(in, hits, limits.max_candidates);
  if (!in.segments.empty()) field_hits(in, hits);

  // One hit per rule and start; generic rules give way to specific ones on the same text.
  // (Indices are sorted, not the hits: the same comparisons, without moving strings.)
  std::vector<std::uint32_t> order(hits.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&hits](std::uint32_t x, std::uint32_t y) {
    const Hit& a = hits[x];
    const Hit& b = hits[y];
    return a.begin != b.begin ? a.begin < b.begin : a.rule < b.rule;
  });
  const auto at = [&](std::size_t i) -> const Hit& { return hits[order[i]]; };
  std::vector<bool> dropped(hits.size(), false);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    if (i > 0 && at(i).begin == at(i - 1).begin && at(i).rule == at(i - 1).rule) {
      dropped[i] = true;
      continue;
    }
    if (!rules_[at(i).rule].generic) continue;
    // Values are at most 512 bytes long, so only neighbours that close can overlap.
    std::size_t j = i;
    while (j > 0 && at(j - 1).begin + 512 > at(i).begin) --j;
    for (; j < hits.size() && at(j).begin < at(i).end; ++j) {
      if (j == i || rules_[at(j).rule].generic) continue;
      if (overlaps(at(i).begin, at(i).end, at(j).begin, at(j).end)) {
        dropped[i] = true;
        break;
      }
    }
  }
  // Values repeat (the same address on every log line): hash each distinct value once per scan.
  std::unordered_map<std::string_view, std::string> hashes;  // keys view into hits
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const Hit& h = at(i);
    if (dropped[i] || h.begin < in.report_from || h.begin >= in.report_until) continue;
    const Rule& rule = rules_[h.rule];
    Finding f;
    f.detector = rule.id;
    f.family = rule.family;
    f.confidence = h.confidence;
    f.severity = rule.severity;
    const Segment* seg = in.segments.empty() ? nullptr : segment_at(in, h.begin);
    f.location.reserve(in.location_prefix.size() + (seg ? seg->label.size() : 27));
    f.location.append(in.location_prefix);
    if (seg) {
      f.location.append(seg->label);
    } else {
      std::array<char, 20> digits;
      const auto [end, ec] =
          std::to_chars(digits.data(), digits.data() + digits.size(), in.base_offset + h.begin);
      f.location.append("offset ").append(digits.data(), end);
    }
    f.masked = mask_value(rule.mask, h.normalized, in.text.substr(h.begin, h.end - h.begin));
    auto [cached, fresh] = hashes.try_emplace(h.normalized);
    if (fresh) cached->second = hmac_->hex(h.normalized);
    f.value_hash = cached->second;
    if (!sink.add(std::move(f))) break;
  }
  return {};
}

}  // namespace lw::classify
