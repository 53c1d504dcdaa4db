#pragma once

#include <hs/hs.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <vector>

#include "classify/rule.h"
#include "core/result.h"

namespace lw::classify {

struct HsDatabaseFree {
  void operator()(hs_database_t* db) const noexcept { hs_free_database(db); }
};
struct HsScratchFree {
  void operator()(hs_scratch_t* s) const noexcept { hs_free_scratch(s); }
};
using HsDatabasePtr = std::unique_ptr<hs_database_t, HsDatabaseFree>;
using HsScratchPtr = std::unique_ptr<hs_scratch_t, HsScratchFree>;

// One pattern match as Vectorscan reports it: rule index, start (only for SOM rules) and end.
struct RawMatch {
  std::uint32_t rule;
  std::uint32_t from;
  std::uint32_t to;
};

// All pattern rules compiled once into one block-mode database, without start-of-match (it costs
// speed). Rules whose value is the match itself (Extract::match) also get a small database of
// their own with start-of-match, run only over a short window ending at a reported match.
// Immutable after build; scan() and start_of() may be called from many threads (each borrows a
// scratch, valid for every database, from the pool).
class PatternDb {
 public:
  // `rules` indexes are the match ids; scanner-only rules are skipped. With a `cache_dir`, the
  // compiled databases are loaded from there when a valid entry for exactly these patterns,
  // this Vectorscan version and this platform exists, else compiled and written there (a cache
  // that cannot be read or written only costs the compile; see pattern_cache.h).
  static Result<std::unique_ptr<PatternDb>> build(const std::vector<Rule>& rules,
                                                  const std::filesystem::path& cache_dir = {});

  // Appends matches to `out` until `cap` entries; returns false if the cap stopped the scan.
  Result<bool> scan(std::string_view data, std::vector<RawMatch>& out, std::size_t cap) const;

  // The leftmost start of a match of rule `rule` ending exactly at each of `ends` (ascending,
  // offsets in `data`), written to `starts` (same index; kNoStart when there is none). A
  // fixed-width rule needs no scan; otherwise each cluster of nearby ends costs one scan of its
  // rule's start-of-match database, not one scan per end.
  static constexpr std::uint32_t kNoStart = UINT32_MAX;
  void starts_of(std::uint32_t rule, std::string_view data, std::span<const std::uint32_t> ends,
                 std::span<std::uint32_t> starts) const;

  std::size_t pattern_count() const noexcept { return pattern_count_; }
  struct Plan;  // the inputs of every compile (pattern_db.cpp)

  // True when the databases came from the disk cache rather than from the compiler.
  bool from_cache() const noexcept { return from_cache_; }

 private:
  PatternDb() = default;
  static Result<std::unique_ptr<PatternDb>> compile(const std::vector<Rule>& rules,
                                                    const Plan& plan);
  static std::unique_ptr<PatternDb> load(const std::vector<Rule>& rules, const Plan& plan,
                                         const std::filesystem::path& cache_dir);
  void store(const Plan& plan, const std::filesystem::path& cache_dir) const;
  Result<void> make_scratch();
  HsScratchPtr acquire() const;
  void release(HsScratchPtr scratch) const;

  struct SomDb {
    HsDatabasePtr db;
    std::uint32_t window = 0;  // bytes before the end that can hold the whole match
    std::uint32_t fixed = 0;   // the width of every match, when the pattern has one (else 0)
  };
  HsDatabasePtr db_;
  std::vector<SomDb> som_;  // indexed by rule; empty db for other rules
  HsScratchPtr prototype_;
  std::size_t pattern_count_ = 0;
  bool from_cache_ = false;
  mutable std::mutex mutex_;
  mutable std::vector<HsScratchPtr> pool_;
};

}  // namespace lw::classify
