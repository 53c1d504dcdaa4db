#include "net/discovery/cyclic_permutation.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "core/address.h"

namespace lw::discovery {
namespace {
// These bases make Miller-Rabin exact for every 64-bit n.
constexpr std::uint64_t kWitnesses[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
}  // namespace

std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b, std::uint64_t m) {
  return static_cast<std::uint64_t>(static_cast<u128>(a) * b % m);
}

std::uint64_t pow_mod(std::uint64_t base, std::uint64_t exp, std::uint64_t m) {
  std::uint64_t result = 1 % m;
  base %= m;
  while (exp > 0) {
    if (exp & 1) result = mul_mod(result, base, m);
    base = mul_mod(base, base, m);
    exp >>= 1;
  }
  return result;
}

bool is_prime(std::uint64_t n) {
  if (n < 2) return false;
  for (std::uint64_t small : kWitnesses) {
    if (n % small == 0) return n == small;
  }
  std::uint64_t d = n - 1;
  int r = 0;
  while ((d & 1) == 0) {
    d >>= 1;
    ++r;
  }
  for (std::uint64_t a : kWitnesses) {
    std::uint64_t x = pow_mod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    bool composite = true;
    for (int i = 1; i < r; ++i) {
      x = mul_mod(x, x, n);
      if (x == n - 1) {
        composite = false;
        break;
      }
    }
    if (composite) return false;
  }
  return true;
}

std::uint64_t next_prime_above(std::uint64_t n) {
  std::uint64_t c = n + 1;
  while (!is_prime(c)) ++c;
  return c;
}

namespace {

// Pollard's rho (Brent's variant) for one non-trivial factor of a composite n.
std::uint64_t rho_factor(std::uint64_t n, std::mt19937_64& rng) {
  if (n % 2 == 0) return 2;
  while (true) {
    const std::uint64_t c = rng() % (n - 1) + 1;
    std::uint64_t y = rng() % n, g = 1, q = 1, x = 0, ys = 0;
    std::uint64_t r = 1;
    const std::uint64_t m = 128;
    auto f = [&](std::uint64_t v) { return (mul_mod(v, v, n) + c) % n; };
    do {
      x = y;
      for (std::uint64_t i = 0; i < r; ++i) y = f(y);
      std::uint64_t k = 0;
      do {
        ys = y;
        for (std::uint64_t i = 0; i < std::min(m, r - k); ++i) {
          y = f(y);
          q = mul_mod(q, x > y ? x - y : y - x, n);
        }
        g = std::gcd(q, n);
        k += m;
      } while (k < r && g == 1);
      r <<= 1;
    } while (g == 1);
    if (g == n) {
      do {
        ys = f(ys);
        g = std::gcd(x > ys ? x - ys : ys - x, n);
      } while (g == 1);
    }
    if (g != n) return g;
  }
}

void prime_factors(std::uint64_t n, std::vector<std::uint64_t>& out, std::mt19937_64& rng) {
  if (n == 1) return;
  for (std::uint64_t small = 2; small < 1000 && small * small <= n; ++small) {
    if (n % small == 0) {
      out.push_back(small);
      while (n % small == 0) n /= small;
    }
  }
  if (n == 1) return;
  if (is_prime(n)) {
    out.push_back(n);
    return;
  }
  const std::uint64_t f = rho_factor(n, rng);
  prime_factors(f, out, rng);
  prime_factors(n / f, out, rng);
}

}  // namespace

Result<CyclicPermutation> CyclicPermutation::create(std::uint64_t n, std::uint64_t seed) {
  if (n == 0)
    return fail(ErrorCode::invalid_argument, "nothing to scan: the target space is empty");
  if (n > kMaxSize) {
    return fail(ErrorCode::too_large, "target space over 2^62 (address, port) pairs");
  }
  CyclicPermutation perm;
  perm.n_ = n;
  perm.p_ = next_prime_above(std::max<std::uint64_t>(n, 2));
  std::mt19937_64 rng(seed);
  std::vector<std::uint64_t> factors;
  prime_factors(perm.p_ - 1, factors, rng);
  std::sort(factors.begin(), factors.end());
  factors.erase(std::unique(factors.begin(), factors.end()), factors.end());
  // A random primitive root: g is one when g^((p-1)/q) != 1 for every prime q dividing p-1.
  while (true) {
    const std::uint64_t g = perm.p_ <= 3 ? perm.p_ - 1 : rng() % (perm.p_ - 2) + 2;
    bool primitive = true;
    for (std::uint64_t q : factors) {
      if (pow_mod(g, (perm.p_ - 1) / q, perm.p_) == 1) {
        primitive = false;
        break;
      }
    }
    if (primitive) {
      perm.g_ = g;
      break;
    }
  }
  perm.start_ = rng() % (perm.p_ - 1) + 1;
  return perm;
}

CyclicPermutation::Iterator CyclicPermutation::shard(std::uint64_t index, std::uint64_t count,
                                                     std::uint64_t position) const {
  Iterator it;
  it.p_ = p_;
  it.n_ = n_;
  const std::uint64_t cycle = p_ - 1;
  it.count_ = index >= cycle || count == 0 ? 0 : (cycle - index + count - 1) / count;
  it.step_ = pow_mod(g_, count, p_);
  it.k_ = std::min(position, it.count_);
  const std::uint64_t first = std::min<std::uint64_t>(index, cycle);
  // Cycle position index + k*count; computed in u128 to stay exact for big shards.
  const u128 pos = static_cast<u128>(first) + static_cast<u128>(it.k_) * count;
  it.cur_ = mul_mod(start_, pow_mod(g_, static_cast<std::uint64_t>(pos % cycle), p_), p_);
  return it;
}

std::optional<CyclicPermutation::Iterator::Step> CyclicPermutation::Iterator::next() {
  while (k_ < count_) {
    const std::uint64_t value = cur_ - 1;
    cur_ = mul_mod(cur_, step_, p_);
    ++k_;
    if (value < n_) return Step{value, k_ - 1};
  }
  return std::nullopt;
}

}  // namespace lw::discovery
