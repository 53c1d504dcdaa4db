#include <cstdio>

#include "classify/classifier.h"
#include "cli/scan_setup.h"

namespace lw::cli {
namespace {

constexpr std::size_t kMaxFindingsPerService = 200;
constexpr std::size_t kMaxStoredFindings = 100;
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

}  // namespace

Result<void> install_classifier(pipeline::ScanHooks& hooks, const ScanArguments& a) {
  const std::filesystem::path key_path =
      a.key_file.empty() ? classify::default_key_path() : std::filesystem::path(a.key_file);
  auto key = classify::load_or_create_key(key_path);
  if (!key) return tl::unexpected(key.error());
  // Compiling the rule database costs about half a second of CPU: it is built when the first
  // sample or metadata arrives, so a scan that finds none (connect-only, all closed) skips it.
  struct Lazy {
    classify::ClassifierConfig config;
    std::shared_ptr<const classify::Classifier> classifier;
  };
  auto lazy = std::make_shared<Lazy>();
  lazy->config.hmac_key = *key;
  lazy->config.pattern_cache.enabled = !a.no_pattern_cache;
  hooks.classify = [lazy](ServiceRecord& rec, const std::vector<Sample>& samples) -> Result<void> {
    if (!lazy->classifier) {
      auto made = classify::Classifier::create(lazy->config);
      if (!made) {
        return fail(made.error().code, "classifier: " + made.error().describe(), "scan");
      }
      lazy->classifier = std::move(*made);
    }
    const classify::Classifier* c = lazy->classifier.get();
    std::vector<classify::Finding> all;
    std::vector<DataFinding> kept;
    for (const auto& s : samples) {
      auto found = c->classify({s.source, s.content_type, s.data});
      if (!found) continue;  // a sample the classifier cannot read adds nothing
      for (auto& f : *found) {
        if (all.size() >= kMaxFindingsPerService) break;
        if (kept.size() < kMaxStoredFindings) kept.push_back(stored(f, s.source));
        all.push_back(std::move(f));
      }
    }
    std::vector<classify::Finding> in_metadata;
    redact_metadata(rec.metadata, *c, in_metadata, 0);
    for (auto& f : in_metadata) {
      if (kept.size() < kMaxStoredFindings) kept.push_back(stored(f, "metadata"));
      if (all.size() < kMaxFindingsPerService) all.push_back(std::move(f));
    }
    const auto s = classify::score(all);
    rec.findings = std::move(kept);
    rec.sensitivity = all.empty() ? 0 : s.score;
    rec.severity = all.empty() ? "" : std::string(classify::to_string(s.severity));
    return {};
  };
  return {};
}

}  // namespace lw::cli
