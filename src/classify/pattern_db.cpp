#include "classify/pattern_db.h"

#include "classify/pattern_cache.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>

namespace lw::classify {
namespace {

struct ScanState {
  std::vector<RawMatch>* out;
  std::size_t cap;
  bool capped = false;
};

int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int,
             void* ctx) noexcept {
  auto* state = static_cast<ScanState*>(ctx);
  if (state->out->size() >= state->cap) {
    state->capped = true;
    return 1;  // stop the scan
  }
  state->out->push_back(
      RawMatch{id, static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to)});
  return 0;
}

constexpr std::uint32_t kMaxWindow = 4096;
constexpr unsigned int kFlags = HS_FLAG_MULTILINE;

}  // namespace

// The inputs of every compile: the main database's expressions, flags and ids, and the rules
// that get a start-of-match database of their own.
struct PatternDb::Plan {
  std::vector<const char*> expressions;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
  std::vector<std::uint32_t> som_rules;
  std::optional<CacheKey> key;
};

namespace {

// Everything that determines the compiled bytes: format, library version, platform, mode, and
// each compile's exact expressions, flags and ids.
std::optional<CacheKey> cache_key(const std::vector<Rule>& rules, const PatternDb::Plan& plan) {
  hs_platform_info_t platform{};
  if (hs_populate_platform(&platform) != HS_SUCCESS) return std::nullopt;
  CacheKeyBuilder key;
  key.add(std::string_view("leakwatch pattern_db 1"));
  key.add(std::string_view(hs_version()));
  key.add(std::uint64_t{platform.tune});
  key.add(std::uint64_t{platform.cpu_features});
  key.add(std::uint64_t{platform.reserved1});
  key.add(std::uint64_t{platform.reserved2});
  key.add(std::uint64_t{HS_MODE_BLOCK});
  key.add(std::uint64_t{kMaxWindow});
  key.add(static_cast<std::uint64_t>(plan.expressions.size()));
  for (std::size_t k = 0; k < plan.expressions.size(); ++k) {
    key.add(std::uint64_t{plan.ids[k]});
    key.add(std::uint64_t{plan.flags[k]});
    key.add(std::string_view(plan.expressions[k]));
  }
  key.add(static_cast<std::uint64_t>(plan.som_rules.size()));
  for (const auto rule : plan.som_rules) {
    key.add(std::uint64_t{rule});
    key.add(std::uint64_t{kFlags | HS_FLAG_SOM_LEFTMOST});
    key.add(std::string_view(rules[rule].pattern));
  }
  return key.finish();
}

}  // namespace

Result<std::unique_ptr<PatternDb>> PatternDb::build(const std::vector<Rule>& rules,
                                                    const std::filesystem::path& cache_dir) {
  Plan plan;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].pattern.empty()) continue;
    plan.expressions.push_back(rules[i].pattern.c_str());
    plan.flags.push_back(kFlags);
    plan.ids.push_back(static_cast<unsigned int>(i));
    if (rules[i].extract == Extract::match) {
      plan.som_rules.push_back(static_cast<std::uint32_t>(i));
    }
  }
  if (!cache_dir.empty() && !plan.expressions.empty()) {
    plan.key = cache_key(rules, plan);
    if (plan.key) {
      if (auto db = load(rules, plan, cache_dir)) return db;
    }
  }
  auto db = compile(rules, plan);
  if (db && plan.key) (*db)->store(plan, cache_dir);
  return db;
}

std::unique_ptr<PatternDb> PatternDb::load(const std::vector<Rule>& rules, const Plan& plan,
                                           const std::filesystem::path& cache_dir) {
  auto cached = load_cached(cache_dir, *plan.key);
  if (!cached) return nullptr;
  // Exactly the databases this plan compiles: the main one, then one per start-of-match rule.
  if (cached->size() != plan.som_rules.size() + 1 || cached->front().rule != CachedDb::kMainDb) {
    return nullptr;
  }
  std::unique_ptr<PatternDb> db(new PatternDb());
  db->som_.resize(rules.size());
  db->db_ = std::move(cached->front().db);
  for (std::size_t k = 0; k < plan.som_rules.size(); ++k) {
    auto& entry = (*cached)[k + 1];
    if (entry.rule != plan.som_rules[k] || entry.window == 0 || entry.window > kMaxWindow ||
        entry.fixed > entry.window) {
      return nullptr;
    }
    db->som_[entry.rule] = SomDb{std::move(entry.db), entry.window, entry.fixed};
  }
  db->pattern_count_ = plan.expressions.size();
  if (!db->make_scratch()) return nullptr;  // e.g. a database for another platform
  db->from_cache_ = true;
  return db;
}

void PatternDb::store(const Plan& plan, const std::filesystem::path& cache_dir) const {
  std::vector<DbToCache> dbs;
  dbs.push_back(DbToCache{CachedDb::kMainDb, 0, 0, db_.get()});
  for (const auto rule : plan.som_rules) {
    const auto& som = som_[rule];
    dbs.push_back(DbToCache{rule, som.window, som.fixed, som.db.get()});
  }
  (void)store_cached(cache_dir, *plan.key, dbs);  // a cache that cannot be written costs nothing
}

Result<void> PatternDb::make_scratch() {
  // One scratch prototype large enough for the main and every start-of-match database.
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db_.get(), &scratch) != HS_SUCCESS) {
    return fail(ErrorCode::internal, "cannot allocate Vectorscan scratch");
  }
  prototype_.reset(scratch);
  for (const auto& som : som_) {
    if (som.db && hs_alloc_scratch(som.db.get(), &scratch) != HS_SUCCESS) {
      return fail(ErrorCode::internal, "cannot allocate Vectorscan scratch");
    }
    (void)prototype_.release();
    prototype_.reset(scratch);
  }
  return {};
}

Result<std::unique_ptr<PatternDb>> PatternDb::compile(const std::vector<Rule>& rules,
                                                      const Plan& plan) {
  std::unique_ptr<PatternDb> db(new PatternDb());
  db->som_.resize(rules.size());
  for (const auto i : plan.ids) {
    const Rule& r = rules[i];
    const unsigned int f = kFlags;
    // Compile alone first: a bad pattern is reported at its own rule.
    hs_database_t* single = nullptr;
    hs_compile_error_t* err = nullptr;
    const unsigned int single_flags = f | (r.extract == Extract::match ? HS_FLAG_SOM_LEFTMOST : 0u);
    if (hs_compile(r.pattern.c_str(), single_flags, HS_MODE_BLOCK, nullptr, &single, &err) !=
        HS_SUCCESS) {
      std::string message =
          "rule '" + r.id + "': " + (err && err->message ? err->message : "bad pattern");
      hs_free_compile_error(err);
      return fail(ErrorCode::parse_error, std::move(message), r.origin);
    }
    if (r.extract == Extract::match) {
      hs_expr_info_t* info = nullptr;
      std::uint32_t window = kMaxWindow;
      std::uint32_t fixed = 0;
      if (hs_expression_info(r.pattern.c_str(), f, &info, &err) == HS_SUCCESS && info) {
        if (info->max_width != UINT_MAX) window = std::min(window, info->max_width);
        if (info->max_width != UINT_MAX && info->min_width == info->max_width) {
          fixed = info->max_width;
        }
        std::free(info);
      } else {
        hs_free_compile_error(err);
      }
      db->som_[i] = SomDb{HsDatabasePtr(single), window, fixed};
    } else {
      hs_free_database(single);
    }
  }
  db->pattern_count_ = plan.expressions.size();
  if (plan.expressions.empty()) return db;
  hs_database_t* raw = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(plan.expressions.data(), plan.flags.data(), plan.ids.data(),
                       static_cast<unsigned int>(plan.expressions.size()), HS_MODE_BLOCK, nullptr,
                       &raw, &err) != HS_SUCCESS) {
    std::string message = err && err->message ? err->message : "compile failed";
    const auto where = err && err->expression >= 0
                           ? rules[plan.ids[static_cast<std::size_t>(err->expression)]].origin
                           : std::string{};
    hs_free_compile_error(err);
    return fail(ErrorCode::parse_error, std::move(message), where);
  }
  db->db_.reset(raw);
  if (auto ok = db->make_scratch(); !ok) return tl::unexpected(ok.error());
  return db;
}

void PatternDb::starts_of(std::uint32_t rule, std::string_view data,
                          std::span<const std::uint32_t> ends,
                          std::span<std::uint32_t> starts) const {
  std::fill(starts.begin(), starts.end(), kNoStart);
  if (rule >= som_.size() || !som_[rule].db) return;
  const auto& som = som_[rule];
  if (som.fixed > 0) {
    for (std::size_t k = 0; k < ends.size(); ++k) {
      if (ends[k] >= som.fixed && ends[k] <= data.size()) starts[k] = ends[k] - som.fixed;
    }
    return;
  }
  struct Cluster {
    std::span<const std::uint32_t> ends;
    std::span<std::uint32_t> starts;
    std::uint32_t lo;
  };
  const auto on_match = [](unsigned int, unsigned long long from, unsigned long long to,
                           unsigned int, void* ctx) noexcept -> int {
    auto* c = static_cast<Cluster*>(ctx);
    const auto end = static_cast<std::uint32_t>(to) + c->lo;
    const auto it = std::lower_bound(c->ends.begin(), c->ends.end(), end);
    if (it != c->ends.end() && *it == end) {
      auto& start = c->starts[static_cast<std::size_t>(it - c->ends.begin())];
      start = std::min(start, static_cast<std::uint32_t>(from) + c->lo);
    }
    return 0;
  };
  auto scratch = acquire();
  if (!scratch) return;
  const auto lo_of = [&](std::uint32_t end) { return end > som.window ? end - som.window : 0u; };
  std::size_t first = 0;
  while (first < ends.size()) {
    if (ends[first] > data.size()) break;
    // Ends whose windows overlap share one scan, from the first window's start to the last end.
    std::size_t last = first;
    while (last + 1 < ends.size() && ends[last + 1] <= data.size() &&
           lo_of(ends[last + 1]) <= ends[last]) {
      ++last;
    }
    Cluster cluster{ends.subspan(first, last - first + 1), starts.subspan(first, last - first + 1),
                    lo_of(ends[first])};
    hs_scan(som.db.get(), data.data() + cluster.lo, ends[last] - cluster.lo, 0, scratch.get(),
            on_match, &cluster);
    first = last + 1;
  }
  release(std::move(scratch));
}

HsScratchPtr PatternDb::acquire() const {
  {
    std::lock_guard lock(mutex_);
    if (!pool_.empty()) {
      auto s = std::move(pool_.back());
      pool_.pop_back();
      return s;
    }
  }
  hs_scratch_t* clone = nullptr;
  if (hs_clone_scratch(prototype_.get(), &clone) != HS_SUCCESS) return nullptr;
  return HsScratchPtr(clone);
}

void PatternDb::release(HsScratchPtr scratch) const {
  std::lock_guard lock(mutex_);
  pool_.push_back(std::move(scratch));
}

Result<bool> PatternDb::scan(std::string_view data, std::vector<RawMatch>& out,
                             std::size_t cap) const {
  if (!db_) return true;
  if (data.size() > std::numeric_limits<std::uint32_t>::max()) {
    return fail(ErrorCode::too_large, "scan block larger than 4 GiB");
  }
  auto scratch = acquire();
  if (!scratch) return fail(ErrorCode::internal, "cannot clone Vectorscan scratch");
  ScanState state{&out, cap};
  const auto rc = hs_scan(db_.get(), data.data(), static_cast<unsigned int>(data.size()), 0,
                          scratch.get(), on_match, &state);
  release(std::move(scratch));
  if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) {
    return fail(ErrorCode::internal, "Vectorscan scan failed (" + std::to_string(rc) + ")");
  }
  return !state.capped;
}

}  // namespace lw::classify
