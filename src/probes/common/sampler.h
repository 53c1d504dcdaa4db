#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace lw::probes {

// The shared sampler: which of the names a probe listed (keys, tables, znodes, files...) to read
// within a record budget, so that a store of a thousand ordinary records with two sensitive ones
// still gets the two read.
//
//  1. Names first. Every name is scored against kSensitiveNameWords (a copy of the vocabulary
//     the classifier's rules use as context words, kept here because probes do not depend on
//     classify): `users.ssn`, `hr/personnel/7` and `patient:17` rank before `products`.
//  2. Stratified. Names fall into groups (a key prefix, a table, a folder: the caller says, or
//     group_of() derives one); the budget is dealt round-robin over the groups, so one huge
//     group of ordinary records cannot use it all.
//  3. Bounded. At most kMaxSamplerCandidates names are considered, names are scored on their
//     first kMaxScoredNameBytes bytes and grouped on their first kMaxGroupBytes bytes.
//
// Order of the plan: the sensitive-named candidates first (round-robin over their groups, best
// group first), leaving one read for each ordinary group (up to a quarter of the budget); then
// the ordinary groups round-robin, the first member of every group before the second of any;
// then any sensitive names still unread. Ties keep the caller's order (listing order), so a
// plan is deterministic.

constexpr std::size_t kMaxSamplerCandidates = 100'000;
constexpr std::size_t kMaxScoredNameBytes = 256;
constexpr std::size_t kMaxGroupBytes = 128;
// A name scoring at least this is "sensitive-looking" (weak hints alone, such as `user`, are not).
constexpr int kSensitiveScore = 2;

// Sensitive words with their weights (3: a category by itself, such as ssn or passport; 2: a
// likely home of personal data or secrets, such as patient or password; 1: a weak hint, such
// as user or mail). Documented in docs/sampling.md.
struct NameWord {
  std::string_view word;
  int weight;
  bool whole_token;  // short words must be a whole token (`key` in `api_key`, not `monkey`)
};
std::span<const NameWord> sensitive_name_words() noexcept;

// The sum of the weights of the distinct words found in `name` (0: nothing sensitive-looking).
// Case-insensitive; tokens split on anything not a letter or digit and on lower-to-upper case.
int name_score(std::string_view name) noexcept;

// A group for a key-like name: the part before the first ':', '/', '|', '#' or '.' (a Redis
// prefix, a folder); with none of those, the name without trailing digits, '-' and '_'
// (`session_123` -> `session`). Cut to kMaxGroupBytes.
std::string group_of(std::string_view name);

struct SampleCandidate {
  std::string_view name;   // scored
  std::string_view group;  // empty: group_of(name)
  int extra_score = 0;     // more evidence from the caller (sensitive column names of a table)
};

struct SamplePlan {
  std::vector<std::size_t> order;  // indexes into the candidates, in read order, <= budget
  std::size_t considered = 0;      // candidates looked at (<= kMaxSamplerCandidates)
  std::size_t groups = 0;          // distinct groups among them
  std::size_t sensitive = 0;       // candidates scoring at least kSensitiveScore
};

// Plans at most `budget` reads among `candidates`.
SamplePlan plan_sample(std::span<const SampleCandidate> candidates, std::size_t budget);

// Convenience for names grouped by group_of().
SamplePlan plan_sample(std::span<const std::string> names, std::size_t budget);

// Tables as candidates: each table (`names[i]`, "schema.table") is its own group, and the
// sensitive-looking names among its comma-separated column names (`columns[i]`) add to its
// score (one word per column, at most 30), so `users(ssn, dob)` outranks `users(note)`.
SamplePlan plan_tables(std::span<const std::string> names,
                       std::span<const std::string_view> columns, std::size_t budget);

// The sensitive-looking table and column names among tables (`tables[i]`, "schema.table") and
// their comma-separated columns (`columns[i]`), a column by its own name ("hr.personnel.ssn",
// not "hr.personnel.id"), best first, at most `max`: lower-confidence schema evidence.
nlohmann::json sensitive_schema_names(std::span<const std::string> tables,
                                      std::span<const std::string_view> columns,
                                      std::size_t max = 20);

// The sensitive-looking names among `names`, best first, at most `max`, each cut to 128
// printable bytes: lower-confidence schema evidence for metadata["sensitive_names"].
nlohmann::json sensitive_names(std::span<const std::string> names, std::size_t max = 20);

// "12 of 340 tables sampled"-style text for a record's metadata.
std::string coverage_note(std::size_t sampled, std::size_t total, std::string_view what,
                          bool total_is_lower_bound = false);

}  // namespace lw::probes
