#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "notify/channel.h"
#include "notify/deliver.h"

// libcurl transfers behind deliver(): one request each, bounded in time and reply size.
namespace lw::notify::detail {

struct HttpPost {
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
};

// POSTs and classifies the answer (2xx delivered; 429/503 retry with Retry-After; 408, 425 and
// other 5xx retry; other codes permanent). Redirects are not followed.
DeliveryResult http_post(const Channel& channel, const HttpPost& post, std::int64_t now_ms);

// Sends an RFC 5322 message over SMTP (STARTTLS required unless channel.require_tls is false).
DeliveryResult smtp_send(const Channel& channel, const std::string& message);

}  // namespace lw::notify::detail
