#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace lw::discovery::syn {

// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit PRF, fast on short inputs, which
// is what a per-packet cookie needs.
using SipKey = std::array<std::uint8_t, 16>;

std::uint64_t siphash24(const SipKey& key, std::span<const std::uint8_t> message) noexcept;

}  // namespace lw::discovery::syn
