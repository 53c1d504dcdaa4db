// Precision, recall and F1 per detector over the labelled corpus (tests/corpus/*.tsv).
// Usage: classify_eval [--corpus DIR] [--check] [--markdown] [--verbose]
//   --check     exit 1 unless F1 >= 0.95 for checksum-validated detectors and >= 0.90 otherwise
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <string>

#include "classify/classifier.h"
#include "classify/engine.h"
#include "corpus.h"
#include "eval_common.h"

namespace {

using lw::classify::bench::Sample;

using Counts = lw::classify::bench::EvalCounts;

// Identifiers whose validator is a checksum: the stricter goal applies.
const std::set<std::string> kChecksummed{"payment_card", "iban",         "aba_routing",
                                         "us_npi",       "github_token", "npm_token"};

}  // namespace

int main(int argc, char** argv) {
  const auto args = lw::classify::bench::parse_eval_args(
      argc, argv, LW_SOURCE_DIR "/tests/corpus",
      "classify_eval [--corpus DIR] [--check] [--markdown] [--verbose]");
  if (!args) return 2;
  const std::string& dir = args->corpus;
  const bool check = args->check, markdown = args->markdown, verbose = args->verbose;
  auto samples = lw::classify::bench::load_corpus(dir);
  if (!samples) {
    std::fprintf(stderr, "classify_eval: %s\n", samples.error().describe().c_str());
    return 2;
  }
  lw::classify::ClassifierConfig config;
  auto classifier = lw::classify::Classifier::create(config);
  if (!classifier) {
    std::fprintf(stderr, "classify_eval: %s\n", classifier.error().describe().c_str());
    return 1;
  }
  if (verbose) {
    std::fprintf(
        stderr, "pattern databases: %s\n",
        (*classifier)->engine().patterns().from_cache() ? "loaded from cache" : "compiled");
  }
  std::map<std::string, Counts> per;
  Counts all;
  for (const auto& s : *samples) {
    auto findings = (*classifier)->classify({s.origin, s.content_type, s.text});
    if (!findings) {
      std::fprintf(stderr, "classify_eval: %s: %s\n", s.origin.c_str(),
                   findings.error().describe().c_str());
      return 1;
    }
    if (s.detector == "*") {  // benign text: every detector that fires is a false positive
      for (const auto& f : *findings) {
        ++per[f.detector].fp;
        ++all.fp;
        if (verbose) std::printf("FP %s %s (benign)\n", f.detector.c_str(), s.origin.c_str());
      }
      if (findings->empty()) ++all.tn;
      continue;
    }
    bool fired = false;
    for (const auto& f : *findings) fired = fired || f.detector == s.detector;
    auto& c = per[s.detector];
    if (s.positive) {
      (fired ? c.tp : c.fn)++;
      (fired ? all.tp : all.fn)++;
    } else {
      (fired ? c.fp : c.tn)++;
      (fired ? all.fp : all.tn)++;
    }
    if (verbose && fired != s.positive) {
      std::printf("%s %s %s\n", fired ? "FP" : "FN", s.detector.c_str(), s.origin.c_str());
    }
  }
  int failures = 0;
  if (markdown) {
    std::printf(
        "| detector | samples (+/-) | precision | recall | F1 | goal "
        "|\n|---|---|---|---|---|---|\n");
  } else {
    std::printf("%-28s %9s %9s %7s %7s %5s\n", "detector", "tp/fp/fn", "precision", "recall", "F1",
                "goal");
  }
  for (const auto& [id, c] : per) {
    const double goal = kChecksummed.count(id) ? 0.95 : 0.90;
    const bool ok = c.f1() >= goal;
    failures += ok ? 0 : 1;
    if (markdown) {
      std::printf("| %s | %zu/%zu | %.3f | %.3f | %.3f | %.2f%s |\n", id.c_str(), c.tp + c.fn,
                  c.fp + c.tn, c.precision(), c.recall(), c.f1(), goal, ok ? "" : " MISSED");
    } else {
      char counts[32];
      std::snprintf(counts, sizeof counts, "%zu/%zu/%zu", c.tp, c.fp, c.fn);
      std::printf("%-28s %9s %9.3f %7.3f %7.3f %5.2f%s\n", id.c_str(), counts, c.precision(),
                  c.recall(), c.f1(), goal, ok ? "" : "  MISSED");
    }
  }
  if (markdown) {
    std::printf("| **overall (micro)** | %zu/%zu | %.3f | %.3f | %.3f | |\n", all.tp + all.fn,
                all.fp + all.tn, all.precision(), all.recall(), all.f1());
  } else {
    std::printf("%-28s %9s %9.3f %7.3f %7.3f\n", "overall (micro)", "", all.precision(),
                all.recall(), all.f1());
  }
  if (check && failures > 0) {
    std::fprintf(stderr, "classify_eval: %d detector(s) below the F1 goal\n", failures);
    return 1;
  }
  return 0;
}
