#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "classify/classifier.h"
#include "classify/digit_scanner.h"
#include "classify/finding_sink.h"
#include "classify/pattern_db.h"
#include "classify/redact.h"
#include "classify/rule.h"
#include "classify/validators.h"

namespace lw::classify {

// A labelled part of a buffer: a JSON value or a CSV cell. `context` is its field name or header
// (normalised: lower case, '_' and '-' as spaces); `label` its location ("field $.a.b").
struct Segment {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::string label;
  std::string context;
};

using Clock = std::chrono::steady_clock;

struct ScanInput {
  std::string_view text;
  std::string location_prefix;          // "attachment a.pdf, " for nested documents
  std::uint64_t base_offset = 0;        // offset of text in the stream (chunked input)
  std::span<const Segment> segments;    // sorted by begin, non-overlapping; may be empty
  std::size_t report_from = 0;          // only hits starting in [report_from, report_until) count
  std::size_t report_until = SIZE_MAX;  // (blocks overlap so a value on a border is seen whole)
  Clock::time_point deadline = Clock::time_point::max();
};

// Rules, their validators and the compiled pattern database. Immutable; shared by classifiers.
class Engine {
 public:
  // `cache_dir`: see PatternDb::build (empty: no cache).
  static Result<std::shared_ptr<const Engine>> build(std::vector<Rule> rules, const HmacKey& key,
                                                     const std::filesystem::path& cache_dir = {});

  Result<void> scan(const ScanInput& input, FindingSink& sink, const Limits& limits) const;

  const std::vector<Rule>& rules() const noexcept { return rules_; }
  const PatternDb& patterns() const noexcept { return *db_; }

 private:
  struct Hit {
    std::uint32_t rule;
    std::size_t begin;
    std::size_t end;
    double confidence;
    std::string normalized;
  };

  Engine() = default;
  void pattern_hits(const ScanInput& in, std::vector<RawMatch>& raw, std::vector<Hit>& hits) const;
  void digit_hits(const ScanInput& in, std::vector<Hit>& hits, std::size_t cap) const;
  // Bit r set: digit_rules_[r]'s shape fits the run's digit and group counts.
  std::uint64_t digit_rules_for(const DigitRun& run) const noexcept;
  void field_hits(const ScanInput& in, std::vector<Hit>& hits) const;
  void try_candidate(const ScanInput& in, std::uint32_t rule, std::size_t begin, std::size_t end,
                     bool field_context, std::vector<Hit>& hits) const;
  bool has_context(std::uint32_t rule_index, const ScanInput& in, std::size_t begin,
                   std::size_t end) const;
  struct ContextIndex;
  // Normalises `words` in place and indexes their openings.
  static ContextIndex index_words(std::vector<std::string>& words);
  // Whether one of `words` stands in the window around [begin, end) of `t`.
  static bool window_has_word(const std::vector<std::string>& words, const ContextIndex& index,
                              std::string_view t, std::size_t begin, std::size_t end);
  const Segment* segment_at(const ScanInput& in, std::size_t offset) const;

  std::vector<Rule> rules_;
  std::vector<ValidatorFn> validators_;
  std::vector<ConfirmFn> confirmers_;  // by rule; may be nullptr
  // A filter over a rule's context words: the first two bytes of each (7 bits each), the byte of
  // one-letter words.
  struct ContextIndex {
    static constexpr std::size_t pair_of(unsigned char a, unsigned char b) noexcept {
      return (std::size_t{a} & 127) << 7 | (std::size_t{b} & 127);
    }
    std::array<std::uint64_t, (1u << 14) / 64> pairs{};
    std::array<std::uint64_t, 4> first{};
    bool has_one_letter_word = false;
    bool has_empty_word = false;
    // The distinct two-byte openings themselves, compared sixteen positions at a time when there
    // are few of them (pair_count <= kMaxListedPairs) and no one-letter word.
    static constexpr std::size_t kMaxListedPairs = 12;
    std::array<std::array<char, 2>, kMaxListedPairs> pair_list{};
    std::size_t pair_count = 0;  // > kMaxListedPairs: too many to list
  };
  std::vector<ContextIndex> context_index_;  // by rule
  std::vector<ContextIndex> exclude_index_;  // by rule
  std::vector<std::uint32_t> digit_rules_;
  std::vector<DigitShape> digit_shapes_;    // parallel to digit_rules_
  std::vector<std::uint32_t> alpha_rules_;  // digit-scanner rules taking alphanumeric candidates
  std::vector<std::uint32_t> email_rules_;  // rules fed by the '@' scanner
  static constexpr std::size_t kShapeDigits = 41, kShapeGroups = 16;
  std::vector<std::uint64_t> shape_masks_;  // digit_rules_for() by [digits][groups], precomputed
  std::unique_ptr<PatternDb> db_;
  std::optional<Hmac> hmac_;
};

// Whether a field name or header may appear in a location: not when it could itself be a value
// (an '@', four or more digits, or over 64 bytes), since a location is printed as is.
bool safe_label(std::string_view name) noexcept;

// Lower case, '_' and '-' as spaces: how field names and context windows are compared.
std::string normalise_context(std::string_view s);

}  // namespace lw::classify
