// Precision and recall per type on a third-party labelled corpus: Presidio's synthetic sentences
// (presidio-research tests/data/generated_large.json), which the project does not commit; it is
// read from <repo>/../shared/corpora/ (docs/classification.md "Third-party corpus").
// Usage: classify_eval_thirdparty [--corpus FILE] [--check] [--markdown] [--verbose]
//   exit 77 (ctest SKIP_RETURN_CODE) when the corpus is absent, 2 when it is not the expected
//   JSON, 1 when --check finds a type below its asserted figures.
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "classify/classifier.h"
#include "classify/validators.h"
#include "eval_common.h"

namespace {

// A labelled span of a type the classifier claims, in bytes of the UTF-8 text.
struct GoldSpan {
  std::string type, value;
  std::size_t begin = 0, end = 0;
  bool claimable = true;
};

constexpr int kSkip = 77;
constexpr std::size_t kMaxCorpusBytes = 64u << 20;
constexpr std::size_t kMaxSentences = 100000;

// The classifier's detectors and the Presidio type each one claims.
const std::map<std::string, std::string> kTypeOf{{"payment_card", "CREDIT_CARD"},
                                                 {"phone_number", "PHONE_NUMBER"},
                                                 {"email_address", "EMAIL_ADDRESS"},
                                                 {"mil_email", "EMAIL_ADDRESS"},
                                                 {"us_ssn", "US_SSN"},
                                                 {"iban", "IBAN_CODE"},
                                                 {"ip_address", "IP_ADDRESS"},
                                                 {"ipv6_address", "IP_ADDRESS"},
                                                 {"drivers_license", "US_DRIVER_LICENSE"}};

struct Counts : lw::classify::bench::EvalCounts {
  std::size_t unclaimable = 0, unclaimable_found = 0;  // gold spans outside the claim
  // Over every labelled span, claimable or not: for comparison with tools that score all.
  double recall_all() const {
    const auto all = tp + fn + unclaimable;
    return all ? double(tp + unclaimable_found) / double(all) : 1.0;
  }
};

// What --check asserts per type: the figures reached on this corpus (docs/classification.md
// says why a type below 0.95 cannot reach it).
struct Goal {
  double precision, recall;
};
const std::map<std::string, Goal> kGoals{
    {"CREDIT_CARD", {0.95, 0.95}},      {"PHONE_NUMBER", {0.95, 0.95}},
    {"EMAIL_ADDRESS", {0.95, 0.95}},    {"US_SSN", {0.95, 0.95}},
    {"IBAN_CODE", {0.95, 0.95}},        {"IP_ADDRESS", {0.95, 0.95}},
    {"US_DRIVER_LICENSE", {0.95, 0.95}}};

// Byte offset of each code point of `s` (plus one past the end), for Presidio's code-point spans.
std::vector<std::size_t> code_point_offsets(const std::string& s) {
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) at.push_back(i);
  }
  at.push_back(s.size());
  return at;
}

// Whether a value labelled `type` is one the classifier's validator for that type could accept
// at all, judged on the value alone (docs/classification.md "Third-party corpus").
bool claimable(const std::string& type, const std::string& value) {
  if (type == "CREDIT_CARD") {  // Luhn-valid, 12 to 19 digits (any issuer)
    const auto digits = lw::classify::digits_of(value);
    return digits.size() >= 12 && digits.size() <= 19 && lw::classify::luhn_valid(digits);
  }
  if (type == "IBAN_CODE") {  // mod 97 and the country's length, in any case, spaces or not
    std::string compact;
    for (char ch : value) {
      if (ch == ' ') continue;
      compact.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
    }
    return lw::classify::iban_valid(compact);
  }
  if (type == "PHONE_NUMBER") return lw::classify::phone_in_known_format(value);
  return true;
}

// A finding starting inside the span, or up to two bytes before it (an opening '(' or '+' the
// label left out), matches it.
bool overlaps(const GoldSpan& g, std::size_t at) {
  return at != std::string::npos && at + 2 >= g.begin && at < g.end;
}

// A span's code-point offset (a non-negative JSON integer), or nullopt.
std::optional<std::size_t> position(const nlohmann::json& span, const char* key) {
  const auto it = span.find(key);
  if (it == span.end() || !it->is_number_unsigned()) return std::nullopt;
  return it->get<std::size_t>();
}

std::size_t finding_offset(const lw::classify::Finding& f) {
  constexpr std::string_view kPrefix = "offset ";
  if (f.location.rfind(kPrefix, 0) != 0) return std::string::npos;
  std::size_t at = std::string::npos;
  const char* digits = f.location.data() + kPrefix.size();
  const auto [end, ec] = std::from_chars(digits, f.location.data() + f.location.size(), at);
  return ec == std::errc{} && end == f.location.data() + f.location.size() ? at : std::string::npos;
}

}  // namespace

int main(int argc, char** argv) {
  const auto args = lw::classify::bench::parse_eval_args(
      argc, argv, LW_SOURCE_DIR "/../shared/corpora/presidio-generated_large.json",
      "classify_eval_thirdparty [--corpus FILE] [--check] [--markdown] [--verbose]");
  if (!args) return 2;
  const std::string& path = args->corpus;
  const bool check = args->check, markdown = args->markdown, verbose = args->verbose;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    std::printf(
        "SKIPPED: third-party corpus %s is absent (not committed; see "
        "docs/classification.md \"Third-party corpus\")\n",
        path.c_str());
    return kSkip;
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxCorpusBytes) {
    std::fprintf(stderr, "classify_eval_thirdparty: %s: unreadable or over %zu bytes\n",
                 path.c_str(), kMaxCorpusBytes);
    return 2;
  }
  std::ifstream in(path, std::ios::binary);
  const auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_array() || doc.empty() || doc.size() > kMaxSentences) {
    std::fprintf(stderr, "classify_eval_thirdparty: %s: not a JSON array of 1..%zu sentences\n",
                 path.c_str(), kMaxSentences);
    return 2;
  }
  lw::classify::ClassifierConfig config;
  auto classifier = lw::classify::Classifier::create(config);
  if (!classifier) {
    std::fprintf(stderr, "classify_eval_thirdparty: %s\n", classifier.error().describe().c_str());
    return 1;
  }
  std::map<std::string, Counts> per;
  for (const auto& [detector, type] : kTypeOf) per[type];
  std::map<std::string, std::size_t> other;  // findings of detectors that claim no Presidio type
  std::size_t index = 0;
  for (const auto& sentence : doc) {
    ++index;
    const auto* text = sentence.is_object() && sentence.contains("full_text")
                           ? sentence["full_text"].get_ptr<const std::string*>()
                           : nullptr;
    if (!text || !sentence.contains("spans") || !sentence["spans"].is_array()) {
      std::fprintf(stderr, "classify_eval_thirdparty: sentence %zu: no full_text or spans\n",
                   index);
      return 2;
    }
    const auto cp = code_point_offsets(*text);
    std::vector<GoldSpan> gold;
    for (const auto& s : sentence["spans"]) {
      const auto* type =
          s.contains("entity_type") ? s["entity_type"].get_ptr<const std::string*>() : nullptr;
      const auto* value =
          s.contains("entity_value") ? s["entity_value"].get_ptr<const std::string*>() : nullptr;
      const auto begin = position(s, "start_position");
      const auto end = position(s, "end_position");
      if (!type || !value || !begin || !end || *end < *begin || *end >= cp.size()) {
        std::fprintf(stderr, "classify_eval_thirdparty: sentence %zu: a malformed span\n", index);
        return 2;
      }
      if (!per.count(*type)) continue;
      GoldSpan g{*type, *value, cp[*begin], cp[*end]};
      g.claimable = claimable(g.type, g.value);
      gold.push_back(std::move(g));
    }
    auto findings = (*classifier)->classify({"presidio", "text", *text});
    if (!findings) {
      std::fprintf(stderr, "classify_eval_thirdparty: sentence %zu: %s\n", index,
                   findings.error().describe().c_str());
      return 1;
    }
    std::vector<bool> found(gold.size(), false);
    for (const auto& f : *findings) {
      const auto type = kTypeOf.find(f.detector);
      if (type == kTypeOf.end()) {
        ++other[f.detector];
        if (verbose) std::printf("OTHER %s sentence %zu\n", f.detector.c_str(), index);
        continue;
      }
      const auto at = finding_offset(f);
      bool matched = false;
      for (std::size_t k = 0; k < gold.size(); ++k) {
        if (gold[k].type == type->second && overlaps(gold[k], at)) {
          found[k] = matched = true;
        }
      }
      if (!matched) {
        ++per[type->second].fp;
        if (verbose) {
          std::printf("FP %s %s sentence %zu: %s\n", type->second.c_str(), f.masked.c_str(), index,
                      f.location.c_str());
        }
      }
    }
    for (std::size_t k = 0; k < gold.size(); ++k) {
      auto& c = per[gold[k].type];
      if (!gold[k].claimable) {
        ++c.unclaimable;
        c.unclaimable_found += found[k] ? 1u : 0u;
        continue;
      }
      (found[k] ? c.tp : c.fn)++;
      // The corpus is public synthetic data: printing its values is not leaking anything.
      if (verbose && !found[k]) {
        std::printf("FN %s \"%s\" sentence %zu\n", gold[k].type.c_str(), gold[k].value.c_str(),
                    index);
      }
    }
  }
  if (markdown) {
    std::printf(
        "| type | TP | FP | FN | precision | recall | not claimable (found) | recall of all spans "
        "|\n|---|---|---|---|---|---|---|---|\n");
  } else {
    std::printf("%-18s %5s %5s %5s %9s %7s %-22s %s\n", "type", "tp", "fp", "fn", "precision",
                "recall", "not claimable (found)", "recall of all spans");
  }
  int failures = 0;
  for (const auto& [type, c] : per) {
    const auto goal = kGoals.at(type);
    const bool ok = c.precision() >= goal.precision && c.recall() >= goal.recall;
    failures += ok ? 0 : 1;
    char unclaimable[48];
    std::snprintf(unclaimable, sizeof unclaimable, "%zu (%zu)", c.unclaimable, c.unclaimable_found);
    if (markdown) {
      std::printf("| %s | %zu | %zu | %zu | %.3f | %.3f | %s | %.3f |\n", type.c_str(), c.tp, c.fp,
                  c.fn, c.precision(), c.recall(), unclaimable, c.recall_all());
    } else {
      std::printf("%-18s %5zu %5zu %5zu %9.3f %7.3f %-22s %.3f%s\n", type.c_str(), c.tp, c.fp, c.fn,
                  c.precision(), c.recall(), unclaimable, c.recall_all(), ok ? "" : "  BELOW GOAL");
    }
  }
  for (const auto& [detector, n] : other) {
    std::printf("other detector %s: %zu finding(s) (claims no Presidio type; not scored)\n",
                detector.c_str(), n);
  }
  if (check && failures > 0) {
    std::fprintf(stderr, "classify_eval_thirdparty: %d type(s) below the asserted figures\n",
                 failures);
    return 1;
  }
  return 0;
}
