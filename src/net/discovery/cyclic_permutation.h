#pragma once

#include <cstdint>
#include <optional>

#include "core/result.h"

namespace lw::discovery {

// A pseudo-random order over [0, n), as in ZMap: the multiplicative group of integers modulo a
// prime p > n is cyclic; walking it from a random start by a random generator visits every
// element of 1..p-1 exactly once, and the values below n+1 are the targets. O(1) memory
// whatever n, reproducible from the seed.
//
// Sharding: cycle positions are dealt round-robin, shard i of c taking positions i, i+c, i+2c...
// so shards are disjoint and their union is the whole cycle, with no coordinator.
class CyclicPermutation {
 public:
  static constexpr std::uint64_t kMaxSize = std::uint64_t{1} << 62;

  static Result<CyclicPermutation> create(std::uint64_t n, std::uint64_t seed);

  std::uint64_t size() const { return n_; }
  std::uint64_t prime() const { return p_; }
  std::uint64_t generator() const { return g_; }

  class Iterator {
   public:
    struct Step {
      std::uint64_t value;     // a target index in [0, n)
      std::uint64_t position;  // its position within the shard (for checkpoints)
    };
    // The next target of this shard, or nullopt when the shard is exhausted.
    std::optional<Step> next();
    // Position the next call to next() starts looking at.
    std::uint64_t position() const { return k_; }
    // Positions in this shard in all (targets plus the values >= n that are skipped).
    std::uint64_t positions() const { return count_; }

   private:
    friend class CyclicPermutation;
    std::uint64_t p_ = 0, n_ = 0, step_ = 0, cur_ = 0, k_ = 0, count_ = 0;
  };

  // Shard `index` of `count`, starting at `position` (0 = its beginning; used to resume).
  Iterator shard(std::uint64_t index, std::uint64_t count, std::uint64_t position = 0) const;

 private:
  std::uint64_t n_ = 0, p_ = 0, g_ = 0, start_ = 0;
};

// Number theory used above, exposed for tests.
std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b, std::uint64_t m);
std::uint64_t pow_mod(std::uint64_t base, std::uint64_t exp, std::uint64_t m);
bool is_prime(std::uint64_t n);
std::uint64_t next_prime_above(std::uint64_t n);

}  // namespace lw::discovery
