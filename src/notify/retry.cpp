#include "notify/retry.h"

#include <algorithm>
#include <array>
#include <ctime>

namespace lw::notify {
namespace {

constexpr std::size_t kMaxRetryAfterText = 64;

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads exactly `width` digits (or 1..width when width_min < width) at s[i].
bool number(std::string_view s, std::size_t& i, std::size_t width_min, std::size_t width,
            int& out) noexcept {
  std::size_t n = 0;
  int v = 0;
  while (n < width && i + n < s.size() && is_digit(s[i + n])) {
    v = v * 10 + (s[i + n] - '0');
    ++n;
  }
  if (n < width_min) return false;
  i += n;
  out = v;
  return true;
}

bool literal(std::string_view s, std::size_t& i, std::string_view lit) noexcept {
  if (s.substr(i, lit.size()) != lit) return false;
  i += lit.size();
  return true;
}

int month_of(std::string_view s, std::size_t& i) noexcept {
  static constexpr std::array<std::string_view, 12> kMonths{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (s.substr(i, 3) == kMonths[m]) {
      i += 3;
      return static_cast<int>(m);
    }
  }
  return -1;
}

bool clock(std::string_view s, std::size_t& i, std::tm& tm) noexcept {
  return number(s, i, 2, 2, tm.tm_hour) && literal(s, i, ":") && number(s, i, 2, 2, tm.tm_min) &&
         literal(s, i, ":") && number(s, i, 2, 2, tm.tm_sec) && tm.tm_hour < 24 && tm.tm_min < 60 &&
         tm.tm_sec <= 60;
}

// The three HTTP-date forms (RFC 9110 5.6.7), after the day name:
//   IMF-fixdate  ", 06 Nov 1994 08:49:37 GMT"
//   rfc850-date  ", 06-Nov-94 08:49:37 GMT"
//   asctime-date " Nov  6 08:49:37 1994"
std::optional<std::int64_t> http_date(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size() && i < 9 && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
    ++i;
  if (i < 3) return std::nullopt;
  std::tm tm{};
  int year = 0;
  if (literal(s, i, ", ")) {
    if (!number(s, i, 2, 2, tm.tm_mday)) return std::nullopt;
    const bool dashed = literal(s, i, "-");
    if (!dashed && !literal(s, i, " ")) return std::nullopt;
    tm.tm_mon = month_of(s, i);
    if (tm.tm_mon < 0 || !literal(s, i, dashed ? "-" : " ")) return std::nullopt;
    if (!number(s, i, dashed ? 2 : 4, dashed ? 2 : 4, year)) return std::nullopt;
    if (dashed) year += year < 70 ? 2000 : 1900;
    if (!literal(s, i, " ") || !clock(s, i, tm) || !literal(s, i, " GMT")) return std::nullopt;
  } else if (literal(s, i, " ")) {
    tm.tm_mon = month_of(s, i);
    if (tm.tm_mon < 0 || !literal(s, i, " ")) return std::nullopt;
    if (s.substr(i, 1) == " ") ++i;
    if (!number(s, i, 1, 2, tm.tm_mday) || !literal(s, i, " ") || !clock(s, i, tm) ||
        !literal(s, i, " ") || !number(s, i, 4, 4, year)) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (i != s.size() || tm.tm_mday < 1 || tm.tm_mday > 31 || year < 1970) return std::nullopt;
  tm.tm_year = year - 1900;
  const std::time_t t = timegm(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return static_cast<std::int64_t>(t);
}

// splitmix64: a well-mixed 64-bit value from any seed.
std::uint64_t mix(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::int64_t now_unix) noexcept {
  if (value.size() > kMaxRetryAfterText) return std::nullopt;
  value = trim(value);
  if (value.empty()) return std::nullopt;
  const auto max = kMaxRetryAfter.count();
  if (is_digit(value.front())) {
    std::int64_t secs = 0;
    for (char c : value) {
      if (!is_digit(c)) return std::nullopt;
      if (secs <= max) secs = secs * 10 + (c - '0');
    }
    return std::chrono::seconds(std::min<std::int64_t>(secs, max));
  }
  const auto when = http_date(value);
  if (!when) return std::nullopt;
  const std::int64_t delta = *when - now_unix;
  return std::chrono::seconds(std::clamp<std::int64_t>(delta, 0, max));
}

std::chrono::milliseconds next_attempt_delay(int tries,
                                             std::optional<std::chrono::seconds> retry_after,
                                             std::uint64_t jitter_seed) noexcept {
  using std::chrono::milliseconds;
  if (retry_after) {
    return std::clamp<milliseconds>(*retry_after, std::chrono::seconds(1), kMaxRetryAfter);
  }
  const int doublings = std::clamp(tries, 1, 32) - 1;
  std::int64_t full = kFirstRetryDelay.count() * 1000;
  for (int i = 0; i < doublings && full < kMaxRetryDelay.count() * 1000; ++i) full *= 2;
  full = std::min<std::int64_t>(full, kMaxRetryDelay.count() * 1000);
  const std::int64_t half = full / 2;
  const auto share =
      static_cast<std::int64_t>(mix(jitter_seed) % static_cast<std::uint64_t>(half + 1));
  return milliseconds(half + share);
}

}  // namespace lw::notify
