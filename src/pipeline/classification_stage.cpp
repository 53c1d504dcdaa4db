#include "pipeline/classification_stage.h"

#include <map>
#include <memory>
#include <mutex>

#include "pipeline/assessment.h"

namespace lw::pipeline {
namespace {

constexpr std::size_t kMaxFindingsPerService = 200;
constexpr std::size_t kMaxStoredFindings = 100;
// Of one detector at most: a sample of a thousand SSN rows must not crowd out the card number
// and the SF-86 text in the next samples (every kind found is kept and scored).
constexpr std::size_t kMaxFindingsPerDetector = 50;
constexpr std::size_t kMaxStoredPerDetector = 20;
constexpr int kMaxMetadataDepth = 32;

DataFinding stored(const classify::Finding& f, const std::string& where) {
  return DataFinding{f.detector,
                     f.family,
                     f.confidence,
                     where.empty() ? f.location : where + " " + f.location,
                     f.masked,
                     f.value_hash,
                     std::string(classify::to_string(f.severity))};
}

// Probes record names (keys, indices, files) in metadata; a name can itself be sensitive (an
// e-mail address as a key). Every string in the metadata is classified, and one with a finding
// is replaced by its masked form, so no raw value reaches the catalog through metadata either.
void redact_metadata(nlohmann::json& j, const classify::Classifier& c,
                     std::vector<classify::Finding>& found, int depth) {
  if (depth > kMaxMetadataDepth) {
    j = "[redacted: nested too deep]";
    return;
  }
  if (j.is_object() || j.is_array()) {
    for (auto& v : j) redact_metadata(v, c, found, depth + 1);
    return;
  }
  if (!j.is_string()) return;
  const std::string text = j.get<std::string>();
  auto r = c.classify({"metadata", "text", text});
  if (!r || r->empty()) return;
  std::string masked = "[redacted:";
  for (const auto& f : *r) {
    masked += " " + f.detector + " " + f.masked;
    if (found.size() < kMaxFindingsPerService) found.push_back(f);
  }
  j = masked + "]";
}

// The classifier, compiled once on first use by whichever worker needs it first.
class LazyClassifier {
 public:
  explicit LazyClassifier(classify::ClassifierConfig config) : config_(std::move(config)) {}

  Result<std::shared_ptr<const classify::Classifier>> get() {
    std::lock_guard lock(mutex_);
    if (!classifier_) {
      auto made = classify::Classifier::create(config_);
      if (!made) {
        return fail(made.error().code, "classifier: " + made.error().describe(), "scan");
      }
      classifier_ = std::move(*made);
    }
    return classifier_;
  }

 private:
  std::mutex mutex_;
  classify::ClassifierConfig config_;
  std::shared_ptr<const classify::Classifier> classifier_;
};

}  // namespace

ClassifyFn make_classification(classify::ClassifierConfig config) {
  auto lazy = std::make_shared<LazyClassifier>(std::move(config));
  return [lazy](ServiceRecord& rec, const std::vector<Sample>& samples) -> Result<void> {
    auto classifier = lazy->get();
    if (!classifier) return tl::unexpected(classifier.error());
    const classify::Classifier& c = **classifier;
    std::vector<classify::Finding> all;
    std::vector<DataFinding> kept;
    std::map<std::string, std::size_t> per_detector;
    for (const auto& s : samples) {
      auto found = c.classify({s.source, s.content_type, s.data});
      if (!found) continue;  // a sample the classifier cannot read adds nothing
      for (auto& f : *found) {
        if (all.size() >= kMaxFindingsPerService) break;
        const std::size_t n = per_detector[f.detector]++;
        if (n >= kMaxFindingsPerDetector) continue;
        if (kept.size() < kMaxStoredFindings && n < kMaxStoredPerDetector) {
          kept.push_back(stored(f, s.source));
        }
        all.push_back(std::move(f));
      }
    }
    std::vector<classify::Finding> in_metadata;
    redact_metadata(rec.metadata, c, in_metadata, 0);
    for (auto& f : in_metadata) {
      if (kept.size() < kMaxStoredFindings) kept.push_back(stored(f, "metadata"));
      if (all.size() < kMaxFindingsPerService) all.push_back(std::move(f));
    }
    rec.findings = std::move(kept);
    rec.sensitivity = all.empty() ? 0 : classify::score(all).score;
    return {};
  };
}

Result<void> run_service_stage(const ClassifyFn& classify, ServiceRecord& rec,
                               const std::vector<Sample>& samples) {
  const bool has_metadata =
      rec.metadata.is_object() ? !rec.metadata.empty() : !rec.metadata.is_null();
  Result<void> out;
  if (classify && (!samples.empty() || has_metadata)) {
    if (auto c = classify(rec, samples); !c) {
      // Unredacted metadata never reaches the catalog or the output.
      rec.metadata = nlohmann::json{{"withheld", "the classifier failed"}};
      out = tl::unexpected(c.error());
    }
  }
  assess_record(rec, samples);
  return out;
}

}  // namespace lw::pipeline
