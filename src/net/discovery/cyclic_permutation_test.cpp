#include "net/discovery/cyclic_permutation.h"

#include <gtest/gtest.h>

#include <vector>

namespace lw::discovery {
namespace {

// Visits every value of shard `index` of `count` and marks it; fails on a repeat or an
// out-of-range value.
void mark_shard(const CyclicPermutation& perm, std::uint64_t index, std::uint64_t count,
                std::vector<std::uint8_t>& seen, std::uint64_t& visited) {
  auto it = perm.shard(index, count);
  std::uint64_t guard = 0;
  while (auto step = it.next()) {
    ASSERT_LT(step->value, perm.size());
    ASSERT_EQ(seen[step->value], 0) << "value " << step->value << " visited twice";
    seen[step->value] = 1;
    ++visited;
    ASSERT_LE(++guard, perm.prime()) << "iterator does not end";
  }
}

void expect_exact_cover(std::uint64_t n, std::uint64_t shards, std::uint64_t seed) {
  auto perm = CyclicPermutation::create(n, seed);
  ASSERT_TRUE(perm) << n;
  std::vector<std::uint8_t> seen(n, 0);
  std::uint64_t visited = 0;
  for (std::uint64_t s = 0; s < shards; ++s) mark_shard(*perm, s, shards, seen, visited);
  EXPECT_EQ(visited, n) << "n=" << n << " shards=" << shards;
}

}  // namespace

TEST(NumberTheory, PrimesAndPowers) {
  EXPECT_TRUE(is_prime(2));
  EXPECT_TRUE(is_prime(65537));
  EXPECT_FALSE(is_prime(1));
  EXPECT_FALSE(is_prime(561));  // a Carmichael number
  EXPECT_TRUE(is_prime(4294967311ull));
  EXPECT_TRUE(is_prime(18446744073709551557ull));  // the largest 64-bit prime
  EXPECT_EQ(next_prime_above(256), 257u);
  EXPECT_EQ(next_prime_above(1ull << 32), 4294967311ull);
  EXPECT_EQ(pow_mod(3, 200, 1000000007), 136318165u);  // python3: pow(3, 200, 10**9+7)
}

TEST(CyclicPermutation, VisitsEverySmallSizeExactlyOnce) {
  for (std::uint64_t n = 1; n <= 600; ++n) expect_exact_cover(n, 1, n * 7919);
}

TEST(CyclicPermutation, VisitsPowersOfTwoUpTo2To20ExactlyOnce) {
  for (int bits = 0; bits <= 20; ++bits) expect_exact_cover(std::uint64_t{1} << bits, 1, 42);
  expect_exact_cover((std::uint64_t{1} << 20) - 1, 1, 7);
  expect_exact_cover((std::uint64_t{1} << 20) + 1, 1, 7);
}

TEST(CyclicPermutation, ShardsAreDisjointAndCoverTheWhole) {
  for (std::uint64_t shards : {2ull, 3ull, 5ull, 8ull, 13ull}) {
    for (std::uint64_t n : {1ull, 2ull, 7ull, 100ull, 4096ull, 65536ull, 1ull << 20}) {
      expect_exact_cover(n, shards, n + shards);
    }
  }
  expect_exact_cover(10, 50, 3);  // more shards than targets: some shards are empty
}

TEST(CyclicPermutation, SameSeedSameOrderOtherSeedOtherOrder) {
  auto a = CyclicPermutation::create(10000, 1);
  auto b = CyclicPermutation::create(10000, 1);
  auto c = CyclicPermutation::create(10000, 2);
  ASSERT_TRUE(a && b && c);
  auto ia = a->shard(0, 1), ib = b->shard(0, 1), ic = c->shard(0, 1);
  int same = 0, differ = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto va = ia.next(), vb = ib.next(), vc = ic.next();
    ASSERT_TRUE(va && vb && vc);
    EXPECT_EQ(va->value, vb->value);
    (va->value == vc->value ? same : differ)++;
  }
  EXPECT_GT(differ, 900);
}

TEST(CyclicPermutation, OrderIsNotSequential) {
  auto perm = CyclicPermutation::create(1 << 16, 9);
  ASSERT_TRUE(perm);
  auto it = perm->shard(0, 1);
  int adjacent = 0;
  auto prev = it.next();
  for (int i = 0; i < 1000; ++i) {
    auto cur = it.next();
    ASSERT_TRUE(cur);
    if (cur->value == prev->value + 1) ++adjacent;
    prev = cur;
  }
  EXPECT_LT(adjacent, 10);
}

TEST(CyclicPermutation, ResumingAtAPositionContinuesTheSameSequence) {
  auto perm = CyclicPermutation::create(50000, 5);
  ASSERT_TRUE(perm);
  auto full = perm->shard(1, 3);
  std::vector<CyclicPermutation::Iterator::Step> steps;
  while (auto s = full.next()) steps.push_back(*s);
  ASSERT_GT(steps.size(), 100u);
  const auto& mid = steps[steps.size() / 2];
  auto resumed = perm->shard(1, 3, mid.position);
  for (std::size_t i = steps.size() / 2; i < steps.size(); ++i) {
    auto s = resumed.next();
    ASSERT_TRUE(s);
    EXPECT_EQ(s->value, steps[i].value);
    EXPECT_EQ(s->position, steps[i].position);
  }
  EXPECT_FALSE(resumed.next());
}

TEST(CyclicPermutation, RejectsEmptyAndHugeSpaces) {
  EXPECT_FALSE(CyclicPermutation::create(0, 1));
  EXPECT_FALSE(CyclicPermutation::create(CyclicPermutation::kMaxSize + 1, 1));
  auto whole_ipv4_all_ports = CyclicPermutation::create(std::uint64_t{1} << 48, 1);
  ASSERT_TRUE(whole_ipv4_all_ports);
  EXPECT_GT(whole_ipv4_all_ports->prime(), std::uint64_t{1} << 48);
}

}  // namespace lw::discovery
