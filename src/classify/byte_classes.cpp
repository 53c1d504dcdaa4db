#include "classify/byte_classes.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace lw::classify {
namespace {

#if defined(__x86_64__)
#define LW_AVX512 __attribute__((target("avx512f,avx512bw")))

LW_AVX512 inline __mmask64 in_range(__m512i b, char lo, char hi) noexcept {
  return _mm512_cmple_epu8_mask(_mm512_sub_epi8(b, _mm512_set1_epi8(lo)),
                                _mm512_set1_epi8(static_cast<char>(hi - lo)));
}

LW_AVX512 inline __mmask64 equal(__m512i b, char c) noexcept {
  return _mm512_cmpeq_epi8_mask(b, _mm512_set1_epi8(c));
}

// One 64-byte block with AVX-512BW: each class is a compare straight into a mask register.
LW_AVX512 ByteClasses classify_avx512(const char* p) noexcept {
  const __m512i b = _mm512_loadu_si512(p);
  ByteClasses m;
  m.digits = in_range(b, '0', '9');
  if (m.digits == 0) return m;
  m.glue = m.digits | in_range(b, 'a', 'z') | equal(b, '_');
  m.upper = in_range(b, 'A', 'Z');
  m.space = equal(b, ' ');
  m.space_dash = m.space | equal(b, '-');
  m.separator = m.space_dash | equal(b, '.') | equal(b, '/');
  m.paren = equal(b, ')');
  return m;
}

// The same with SSE2 (every x86-64 CPU), sixteen bytes at a time.
ByteClasses classify_sse2(const char* p) noexcept {
  const auto in = [](__m128i bytes, char lo, char hi) {
    const __m128i shifted = _mm_sub_epi8(bytes, _mm_set1_epi8(lo));
    const __m128i span = _mm_set1_epi8(static_cast<char>(hi - lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(shifted, span), shifted);
  };
  const auto bits = [](__m128i mask, unsigned q) {
    return std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(mask))} << (16 * q);
  };
  const __m128i b[4] = {_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)),
                        _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16)),
                        _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 32)),
                        _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 48))};
  ByteClasses m;
  for (unsigned q = 0; q < 4; ++q) m.digits |= bits(in(b[q], '0', '9'), q);
  if (m.digits == 0) return m;  // prose: most blocks hold no digit at all
  for (unsigned q = 0; q < 4; ++q) {
    const auto eq = [&b, q](char c) { return _mm_cmpeq_epi8(b[q], _mm_set1_epi8(c)); };
    m.glue |= bits(_mm_or_si128(in(b[q], 'a', 'z'), eq('_')), q);
    m.upper |= bits(in(b[q], 'A', 'Z'), q);
    const __m128i space = eq(' ');
    m.space |= bits(space, q);
    const __m128i space_dash = _mm_or_si128(space, eq('-'));
    m.space_dash |= bits(space_dash, q);
    m.separator |= bits(_mm_or_si128(space_dash, _mm_or_si128(eq('.'), eq('/'))), q);
    m.paren |= bits(eq(')'), q);
  }
  m.glue |= m.digits;
  return m;
}

bool has_avx512bw() noexcept {
  static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
  return has;
}
#endif

}  // namespace

ByteClasses classify_bytes_scalar(const char* p, std::size_t n) noexcept {
  ByteClasses m;
  for (std::size_t k = 0; k < n && k < 64; ++k) {
    const char c = p[k];
    const auto bit = std::uint64_t{1} << k;
    if (c >= '0' && c <= '9') m.digits |= bit;
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '_') m.glue |= bit;
    if (c >= 'A' && c <= 'Z') m.upper |= bit;
    if (c == ' ' || c == '-' || c == '.' || c == '/') m.separator |= bit;
    if (c == ')') m.paren |= bit;
    if (c == ' ' || c == '-') m.space_dash |= bit;
    if (c == ' ') m.space |= bit;
  }
  if (m.digits == 0) return ByteClasses{};
  return m;
}

ByteClasses classify_bytes(const char* p, std::size_t n) noexcept {
#if defined(__x86_64__)
  if (n == 64) return has_avx512bw() ? classify_avx512(p) : classify_sse2(p);
#endif
  return classify_bytes_scalar(p, n);
}

}  // namespace lw::classify
