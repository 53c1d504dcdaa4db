// Sensitivity score of a set of findings; the formula is documented in docs/classification.md.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "classify/classifier.h"

namespace lw::classify {
namespace {

double weight(Severity s) noexcept {
  switch (s) {
    case Severity::low:
      return 2;
    case Severity::medium:
      return 8;
    case Severity::high:
      return 20;
    case Severity::critical:
      return 35;
  }
  return 0;
}

Severity from_score(int score) noexcept {
  if (score >= 80) return Severity::critical;
  if (score >= 50) return Severity::high;
  if (score >= 20) return Severity::medium;
  return Severity::low;
}

struct PerDetector {
  std::set<std::string> values;
  double confidence = 0;
  Severity severity = Severity::low;
  std::string family;
  double points = 0;
};

}  // namespace

Score score(std::span<const Finding> findings) {
  std::map<std::string, PerDetector> detectors;
  std::set<std::string> families;
  for (const auto& f : findings) {
    auto& d = detectors[f.detector];
    d.values.insert(f.value_hash);
    d.confidence = std::max(d.confidence, f.confidence);
    d.severity = std::max(d.severity, f.severity);
    d.family = f.family;
    families.insert(f.family);
  }
  double total = 0;
  auto severity = Severity::low;
  std::vector<std::pair<double, std::string>> reasons;
  for (auto& [id, d] : detectors) {
    const auto n = static_cast<double>(d.values.size());
    d.points = weight(d.severity) * d.confidence * (1.0 + std::log10(n));
    total += d.points;
    // A confident finding carries its own severity; a doubtful one a step less.
    auto own = d.severity;
    if (d.confidence < 0.8 && own != Severity::low)
      own = static_cast<Severity>(static_cast<int>(own) - 1);
    severity = std::max(severity, own);
    char line[256];
    std::snprintf(line, sizeof line, "%s (%s, %s): %zu distinct value%s, confidence %.2f",
                  id.c_str(), d.family.c_str(), std::string(to_string(d.severity)).c_str(),
                  d.values.size(), d.values.size() == 1 ? "" : "s", d.confidence);
    reasons.emplace_back(d.points, line);
  }
  if (families.size() > 1) total += 6.0 * static_cast<double>(families.size() - 1);
  Score s;
  s.score = static_cast<int>(std::lround(std::min(100.0, total)));
  s.severity = std::max(severity, from_score(s.score));
  std::stable_sort(reasons.begin(), reasons.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (auto& r : reasons) s.reasons.push_back(std::move(r.second));
  if (families.size() > 1) {
    std::string line = std::to_string(families.size()) + " families:";
    for (const auto& f : families) line += " " + f;
    s.reasons.push_back(std::move(line));
  }
  return s;
}

}  // namespace lw::classify
