#include "classify/pattern_db.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <limits>
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

}  // namespace

Result<std::unique_ptr<PatternDb>> PatternDb::build(const std::vector<Rule>& rules) {
  constexpr std::uint32_t kMaxWindow = 4096;
  std::unique_ptr<PatternDb> db(new PatternDb());
  db->som_.resize(rules.size());
  std::vector<const char*> expressions;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Rule& r = rules[i];
    if (r.pattern.empty()) continue;
    const unsigned int f = HS_FLAG_MULTILINE;
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
    expressions.push_back(r.pattern.c_str());
    flags.push_back(f);
    ids.push_back(static_cast<unsigned int>(i));
  }
  db->pattern_count_ = expressions.size();
  if (expressions.empty()) return db;
  hs_database_t* raw = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned int>(expressions.size()), HS_MODE_BLOCK, nullptr, &raw,
                       &err) != HS_SUCCESS) {
    std::string message = err && err->message ? err->message : "compile failed";
    const auto where = err && err->expression >= 0
                           ? rules[ids[static_cast<std::size_t>(err->expression)]].origin
                           : std::string{};
    hs_free_compile_error(err);
    return fail(ErrorCode::parse_error, std::move(message), where);
  }
  db->db_.reset(raw);
  // One scratch prototype large enough for the main and every start-of-match database.
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(raw, &scratch) != HS_SUCCESS) {
    return fail(ErrorCode::internal, "cannot allocate Vectorscan scratch");
  }
  db->prototype_.reset(scratch);
  for (const auto& som : db->som_) {
    if (som.db && hs_alloc_scratch(som.db.get(), &scratch) != HS_SUCCESS) {
      return fail(ErrorCode::internal, "cannot allocate Vectorscan scratch");
    }
    db->prototype_.release();
    db->prototype_.reset(scratch);
  }
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
