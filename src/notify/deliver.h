#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "notify/channel.h"
#include "notify/notification.h"

// Delivery of one notification to one channel (docs/notifications.md): HTTP channels and SMTP
// over libcurl, syslog over UDP or TCP. Every call is bounded by the channel's timeout and reads
// at most kMaxResponseBytes of a reply; nothing is retried here (the outbox does, retry.h).
namespace lw::notify {

inline constexpr std::size_t kMaxResponseBytes = 64 * 1024;
inline constexpr std::chrono::milliseconds kMaxConnectTimeout{5000};

enum class DeliveryStatus {
  delivered,  // the receiver accepted it (2xx, SMTP 250, syslog sent)
  retry,      // try again later: 429, 5xx, 408, a timeout, a refused connection
  permanent,  // the receiver refused it for good (other 4xx, SMTP 5xx, no STARTTLS): dead letter
};

struct DeliveryResult {
  DeliveryStatus status = DeliveryStatus::retry;
  // From Retry-After on a 429 or 503 (seconds or HTTP-date); nullopt otherwise.
  std::optional<std::chrono::seconds> retry_after;
  long response_code = 0;  // HTTP status or last SMTP reply code; 0 when none
  std::string error;       // one line; never holds a URL, key, routing key or password
};

// Sends `n` to `channel`; `now_ms` (Unix epoch ms) stamps the signature, Date and syslog time.
DeliveryResult deliver(const Channel& channel, const Notification& n, std::int64_t now_ms);

// The seam the daemon's outbox worker calls, so a test of the worker can give it a fake.
class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual DeliveryResult send(const Channel& channel, const Notification& n,
                              std::int64_t now_ms) = 0;
};

class LiveNotifier final : public Notifier {
 public:
  DeliveryResult send(const Channel& channel, const Notification& n, std::int64_t now_ms) override {
    return deliver(channel, n, now_ms);
  }
};

std::string_view to_string(DeliveryStatus s) noexcept;

}  // namespace lw::notify
