#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

// When to try a notification again (docs/notifications.md "Retries"). Pure functions.
namespace lw::notify {

// After this many failed tries a notification becomes a dead letter (kept, shown by the CLI,
// never tried again on its own). With the delays below and no Retry-After, that is 2.5 to 5
// hours of trying (11 waits: 30 s doubling to the 1 h cap, each between half and all of it).
inline constexpr int kDeadLetterTries = 12;
inline constexpr std::chrono::seconds kFirstRetryDelay{30};
inline constexpr std::chrono::seconds kMaxRetryDelay{3600};
// A receiver's Retry-After is honoured up to this bound (a larger one is clamped to it).
inline constexpr std::chrono::seconds kMaxRetryAfter{6 * 3600};

// Retry-After (RFC 9110 10.2.3): delay-seconds, or an HTTP-date (IMF-fixdate, RFC 850 or asctime
// form) turned into seconds from `now_unix` (0 when already past). nullopt when it is neither;
// values are clamped to kMaxRetryAfter. Input beyond 64 bytes is refused.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::int64_t now_unix) noexcept;

// The delay before try `tries` + 1, after `tries` (>= 1) failed ones: the receiver's Retry-After
// when it gave one (at least 1 s, at most kMaxRetryAfter); otherwise exponential, doubling from
// kFirstRetryDelay up to kMaxRetryDelay, with "equal jitter": a uniform share in [d/2, d]
// drawn from `jitter_seed` (e.g. a hash of the idempotency key and the try number), so
// receivers recovering from an outage are not hit by every sender at once.
std::chrono::milliseconds next_attempt_delay(int tries,
                                             std::optional<std::chrono::seconds> retry_after,
                                             std::uint64_t jitter_seed) noexcept;

// True when a notification that has failed `tries` times is a dead letter.
constexpr bool is_dead_letter(int tries) noexcept {
  return tries >= kDeadLetterTries;
}

}  // namespace lw::notify
