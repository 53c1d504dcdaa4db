#include "core/severity.h"

#include <algorithm>
#include <array>
#include <map>
#include <string_view>
#include <utility>

namespace lw {
namespace {

constexpr std::uint64_t kManyRecords = 1000;
constexpr std::uint64_t kManyBytes = std::uint64_t{1} << 30;
constexpr double kConfident = 0.8;

// Detectors whose finding in records an anonymous client could read is critical on its own.
constexpr std::array<std::string_view, 4> kCriticalWhenOpen{
    "us_ssn", "sf86_heading", "classification_banner", "classification_portion"};

constexpr std::array<std::string_view, 5> kNames{"", "low", "medium", "high", "critical"};

int level_of(std::string_view name) noexcept {
  for (std::size_t i = 1; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<int>(i);
  }
  return 0;
}

int level_of_score(int score) noexcept {
  if (score >= 80) return 4;
  if (score >= 50) return 3;
  if (score >= 20) return 2;
  return score > 0 ? 1 : 0;
}

class Reasons {
 public:
  void add(int level, std::string text) { items_.emplace_back(level, std::move(text)); }
  int level() const noexcept {
    int l = 0;
    for (const auto& [level, text] : items_) l = std::max(l, level);
    return l;
  }
  std::vector<std::string> lines() {
    std::stable_sort(items_.begin(), items_.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> out;
    for (auto& [level, text] : items_) out.push_back(std::move(text));
    return out;
  }

 private:
  std::vector<std::pair<int, std::string>> items_;
};

void access_factor(const ServiceRecord& r, Reasons& reasons) {
  const auto& c = r.capabilities;
  if (c.exec) reasons.add(4, "access: runs code on the host without credentials");
  if (c.write) reasons.add(3, "access: writes without credentials");
  if (r.verdict.evidence == EvidenceKind::read) {
    reasons.add(1, "access: records read without credentials");
  } else {
    reasons.add(1, "access: granted without credentials (nothing read)");
  }
}

void data_factor(const ServiceRecord& r, bool open, Reasons& reasons) {
  std::map<std::string, std::size_t> families;
  int own = 0;
  std::string strongest;
  std::string critical_detector;
  for (const auto& f : r.findings) {
    ++families[f.family];
    int l = level_of(f.severity);
    if (f.confidence < kConfident && l > 1) --l;
    if (l > own) {
      own = l;
      strongest = f.detector;
    }
    if (open && critical_detector.empty() && f.confidence >= kConfident &&
        std::find(kCriticalWhenOpen.begin(), kCriticalWhenOpen.end(), f.detector) !=
            kCriticalWhenOpen.end()) {
      critical_detector = f.detector;
    }
  }
  if (!critical_detector.empty()) {
    reasons.add(4, "data: " + critical_detector + " in what an anonymous client reads");
  }
  if (own > 0) {
    std::string line = "data: " + std::to_string(r.findings.size()) + " finding";
    if (r.findings.size() != 1) line += "s";
    line += " (";
    bool first = true;
    for (const auto& [family, n] : families) {
      if (!first) line += ", ";
      first = false;
      line += family + " " + std::to_string(n);
    }
    line += "), strongest " + strongest;
    reasons.add(own, std::move(line));
  }
  if (const int s = level_of_score(r.sensitivity); s > 0 && s > own) {
    reasons.add(s, "data: sensitivity score " + std::to_string(r.sensitivity));
  }
}

}  // namespace

SeverityAssessment assess_severity(const ServiceRecord& r) {
  const bool open = r.verdict.kind == VerdictKind::open;
  Reasons reasons;
  if (r.compromised) reasons.add(4, "compromised: a ransom or wiping note is in the store");
  if (open) access_factor(r, reasons);
  data_factor(r, open, reasons);
  int level = reasons.level();
  if (open && level > 0 && level < 4) {
    if (r.record_count && *r.record_count > kManyRecords) {
      reasons.add(level + 1, "volume: " + std::to_string(*r.record_count) +
                                 " records (more than 1,000 raises one step)");
      ++level;
    } else if (r.data_bytes && *r.data_bytes > kManyBytes) {
      reasons.add(level + 1, "volume: " + std::to_string(*r.data_bytes) +
                                 " bytes (more than 1 GiB raises one step)");
      ++level;
    }
  }
  SeverityAssessment out;
  out.severity = std::string(kNames[static_cast<std::size_t>(std::clamp(level, 0, 4))]);
  out.reasons = reasons.lines();
  return out;
}

}  // namespace lw
