#include "probes/common/sampler.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <map>

#include "core/bytes.h"

namespace lw::probes {
namespace {

// The classifier's context vocabulary (src/classify/rules/builtin.rules, `context` lines) and
// the names real deployments give sensitive stores. Lower case; see docs/sampling.md.
constexpr NameWord kWords[] = {
    // A category by itself.
    {"ssn", 3, true},
    {"social_security", 3, false},
    {"socialsecurity", 3, false},
    {"passport", 3, false},
    {"sf86", 3, false},
    {"sf_86", 3, false},
    {"clearance", 3, false},
    {"cui", 3, true},
    {"fouo", 3, true},
    {"noforn", 3, false},
    {"classified", 3, false},
    {"iban", 3, true},
    {"creditcard", 3, false},
    {"credit_card", 3, false},
    {"ccnum", 3, false},
    {"card", 3, true},
    {"cards", 3, true},
    {"pan", 2, true},
    {"dob", 3, true},
    {"birth", 3, false},
    {"birthdate", 3, false},
    {"mrn", 3, true},
    {"npi", 3, true},
    {"diagnosis", 3, false},
    {"taxid", 3, false},
    {"tax_id", 3, false},
    {"itin", 3, true},
    {"edipi", 3, false},
    {"password", 3, false},
    {"passwd", 3, false},
    {"secret", 3, false},
    {"private_key", 3, false},
    {"apikey", 3, false},
    {"api_key", 3, false},
    {"credential", 3, false},
    // A likely home of personal data or secrets.
    {"patient", 2, false},
    {"medical", 2, false},
    {"health", 2, false},
    {"clinical", 2, false},
    {"personnel", 2, false},
    {"employee", 2, false},
    {"payroll", 2, false},
    {"salary", 2, false},
    {"hr", 2, true},
    {"token", 2, false},
    {"auth", 2, true},
    {"key", 2, true},
    {"keys", 2, true},
    {"pii", 2, true},
    {"payment", 2, false},
    {"billing", 2, false},
    {"bank", 2, false},
    {"account", 2, false},
    {"license", 2, false},
    {"security", 2, false},
    // Ransom notes left on wiped stores ("read_me", "README_TO_RECOVER", "<random>-meow",
    // "warning"): few records, but the one place a scan learns the store was taken; read them.
    {"readme", 2, false},
    {"read_me", 2, false},
    {"recover", 2, false},
    {"ransom", 2, false},
    {"warning", 2, false},
    {"meow", 2, true},
    // Weak hints.
    {"mail", 1, false},
    {"phone", 1, false},
    {"address", 1, false},
    {"user", 1, false},
    {"customer", 1, false},
    {"member", 1, false},
    {"person", 1, false},
    {"profile", 1, false},
    {"contact", 1, false},
};

bool is_alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// The name in lower case with every token boundary (non-alphanumeric run, lower-to-upper
// change) turned into one '_', and '_' at both ends, so "_word_" finds whole tokens.
std::string normalise(std::string_view name) {
  name = name.substr(0, kMaxScoredNameBytes);
  std::string out = "_";
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!is_alnum(c)) {
      if (out.back() != '_') out += '_';
      continue;
    }
    const bool upper = c >= 'A' && c <= 'Z';
    if (upper && i > 0 && name[i - 1] >= 'a' && name[i - 1] <= 'z' && out.back() != '_') {
      out += '_';
    }
    out += lower(c);
  }
  if (out.back() != '_') out += '_';
  return out;
}

// The words by their first byte, so that scoring a name compares each of its positions with
// the few words that can start there instead of searching the name once per word.
struct WordsByFirstByte {
  std::array<std::vector<std::uint8_t>, 256> at{};
};

const WordsByFirstByte& words_by_first_byte() {
  static const WordsByFirstByte index = [] {
    static_assert(std::size(kWords) <= 256);
    WordsByFirstByte built;
    for (std::size_t i = 0; i < std::size(kWords); ++i) {
      built.at[static_cast<unsigned char>(kWords[i].word.front())].push_back(
          static_cast<std::uint8_t>(i));
    }
    return built;
  }();
  return index;
}

struct Group {
  int best = 0;
  std::size_t first = 0;  // first appearance, for stable ties
  std::vector<std::size_t> sensitive;
  std::vector<std::size_t> ordinary;
};

// Deals `pick(group)` round-robin over `groups` (in order) into `out` until `limit`.
template <class Pick>
void deal(std::vector<Group*>& groups, std::vector<std::size_t>& out, std::size_t limit,
          Pick pick) {
  std::vector<std::size_t> next(groups.size(), 0);
  bool any = true;
  while (any && out.size() < limit) {
    any = false;
    for (std::size_t g = 0; g < groups.size() && out.size() < limit; ++g) {
      const std::vector<std::size_t>& members = pick(*groups[g]);
      if (next[g] < members.size()) {
        out.push_back(members[next[g]++]);
        any = true;
      }
    }
  }
}

}  // namespace

std::span<const NameWord> sensitive_name_words() noexcept {
  return kWords;
}

int name_score(std::string_view name) noexcept {
  if (name.empty()) return 0;
  // normalise() puts '_' at both ends, so a whole-token match has a neighbour on each side.
  const std::string n = normalise(name);
  const std::string_view v = n;
  const WordsByFirstByte& index = words_by_first_byte();
  std::bitset<std::size(kWords)> seen;
  int score = 0;
  for (std::size_t at = 1; at + 1 < v.size(); ++at) {
    for (const std::uint8_t i : index.at[static_cast<unsigned char>(v[at])]) {
      const NameWord& w = kWords[i];
      if (seen[i] || v.substr(at, w.word.size()) != w.word) continue;
      if (w.whole_token &&
          (v[at - 1] != '_' || at + w.word.size() >= v.size() || v[at + w.word.size()] != '_')) {
        continue;
      }
      seen.set(i);
      score += w.weight;
    }
  }
  return score;
}

std::string group_of(std::string_view name) {
  name = name.substr(0, kMaxScoredNameBytes);
  const std::size_t sep = name.find_first_of(":/|#.");
  if (sep != std::string_view::npos && sep > 0)
    return std::string(name.substr(0, std::min(sep, kMaxGroupBytes)));
  std::size_t end = name.size();
  while (end > 0 && ((name[end - 1] >= '0' && name[end - 1] <= '9') || name[end - 1] == '-' ||
                     name[end - 1] == '_')) {
    --end;
  }
  if (end == 0) end = name.size();
  return std::string(name.substr(0, std::min(end, kMaxGroupBytes)));
}

SamplePlan plan_sample(std::span<const SampleCandidate> candidates, std::size_t budget) {
  SamplePlan plan;
  const std::size_t n = std::min(candidates.size(), kMaxSamplerCandidates);
  plan.considered = n;
  std::map<std::string, Group> groups;
  std::vector<int> scores(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const SampleCandidate& c = candidates[i];
    const int score = name_score(c.name) + std::max(0, c.extra_score);
    scores[i] = score;
    std::string key =
        c.group.empty() ? group_of(c.name) : std::string(c.group.substr(0, kMaxGroupBytes));
    auto [it, fresh] = groups.try_emplace(std::move(key));
    Group& g = it->second;
    if (fresh) g.first = i;
    g.best = std::max(g.best, score);
    if (score >= kSensitiveScore) {
      g.sensitive.push_back(i);
      ++plan.sensitive;
    } else {
      g.ordinary.push_back(i);
    }
  }
  plan.groups = groups.size();
  if (budget == 0 || n == 0) return plan;

  std::vector<Group*> order;
  order.reserve(groups.size());
  for (auto& [key, g] : groups) {
    (void)key;
    // Best-scored sensitive members first inside a group; stable for ties.
    std::stable_sort(g.sensitive.begin(), g.sensitive.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    order.push_back(&g);
  }
  std::stable_sort(order.begin(), order.end(), [](const Group* a, const Group* b) {
    return a->best != b->best ? a->best > b->best : a->first < b->first;
  });
  std::size_t ordinary_groups = 0;
  for (const Group* g : order) ordinary_groups += g->ordinary.empty() ? 0u : 1u;
  // Sensitive names may take the whole budget only when no ordinary group waits.
  std::size_t sensitive_cap = budget;
  if (ordinary_groups > 0 && budget > 1) {
    sensitive_cap = std::max<std::size_t>(1, budget - std::min(ordinary_groups, budget / 4));
  }
  deal(order, plan.order, std::min(sensitive_cap, budget),
       [](const Group& g) -> const std::vector<std::size_t>& { return g.sensitive; });
  std::vector<Group*> by_first = order;
  std::stable_sort(by_first.begin(), by_first.end(),
                   [](const Group* a, const Group* b) { return a->first < b->first; });
  deal(by_first, plan.order, budget,
       [](const Group& g) -> const std::vector<std::size_t>& { return g.ordinary; });
  // Room left (few ordinary names): the rest of the sensitive ones.
  if (plan.order.size() < budget) {
    std::vector<bool> taken(n, false);
    for (const std::size_t i : plan.order) taken[i] = true;
    for (const Group* g : order) {
      for (const std::size_t i : g->sensitive) {
        if (plan.order.size() >= budget) break;
        if (!taken[i]) plan.order.push_back(i);
      }
    }
  }
  return plan;
}

SamplePlan plan_sample(std::span<const std::string> names, std::size_t budget) {
  std::vector<SampleCandidate> c;
  c.reserve(std::min(names.size(), kMaxSamplerCandidates));
  for (std::size_t i = 0; i < names.size() && i < kMaxSamplerCandidates; ++i) {
    c.push_back(SampleCandidate{names[i], {}, 0});
  }
  return plan_sample(c, budget);
}

namespace {

// Calls `each` with every sensitive-looking column of a comma-separated list, and its score.
template <class Each>
void for_each_sensitive_column(std::string_view columns, Each each) {
  while (!columns.empty()) {
    const std::size_t comma = columns.find(',');
    const std::string_view column = columns.substr(0, comma);
    if (const int s = name_score(column); s >= kSensitiveScore) each(column, s);
    if (comma == std::string_view::npos) break;
    columns.remove_prefix(comma + 1);
  }
}

}  // namespace

SamplePlan plan_tables(std::span<const std::string> names,
                       std::span<const std::string_view> columns, std::size_t budget) {
  std::vector<SampleCandidate> candidates;
  const std::size_t n = std::min({names.size(), columns.size(), kMaxSamplerCandidates});
  candidates.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    int score = 0;
    for_each_sensitive_column(columns[i], [&](std::string_view, int s) { score += s; });
    candidates.push_back(SampleCandidate{names[i], names[i], std::min(score, 30)});
  }
  return plan_sample(candidates, budget);
}

nlohmann::json sensitive_schema_names(std::span<const std::string> tables,
                                      std::span<const std::string_view> columns, std::size_t max) {
  constexpr std::size_t kMaxNames = 20'000;
  std::vector<std::string> names;
  const std::size_t n = std::min(tables.size(), columns.size());
  for (std::size_t i = 0; i < n && names.size() < kMaxNames; ++i) {
    names.push_back(tables[i]);
    for_each_sensitive_column(columns[i], [&](std::string_view column, int) {
      if (names.size() < kMaxNames) names.push_back(tables[i] + "." + std::string(column));
    });
  }
  return sensitive_names(names, max);
}

nlohmann::json sensitive_names(std::span<const std::string> names, std::size_t max) {
  std::vector<std::pair<int, std::size_t>> hits;
  for (std::size_t i = 0; i < names.size() && i < kMaxSamplerCandidates; ++i) {
    const int s = name_score(names[i]);
    if (s >= kSensitiveScore) hits.emplace_back(s, i);
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [score, i] : hits) {
    if (out.size() >= max) break;
    (void)score;
    out.push_back(printable(names[i], 128));
  }
  return out;
}

std::string coverage_note(std::size_t sampled, std::size_t total, std::string_view what,
                          bool total_is_lower_bound) {
  std::string s = std::to_string(sampled) + " of " + (total_is_lower_bound ? "at least " : "") +
                  std::to_string(total) + " " + std::string(what) + " sampled";
  return s;
}

}  // namespace lw::probes
