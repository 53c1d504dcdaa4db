#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/bytes.h"
#include "notify/render.h"
#include "notify/text.h"

namespace lw::notify {

using nlohmann::json;

std::string render_webhook(const Notification& n) {
  json alerts = json::array();
  const std::size_t shown = std::min(n.alerts.size(), kMaxAlertsPerMessage);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& a = n.alerts[i];
    json j = capped_alert_json(a);
    j["title"] = alert_title(a);
    alerts.push_back(std::move(j));
  }
  const json body = {{"schema", kWebhookSchema},    {"idempotency_key", n.idempotency_key},
                     {"channel", n.channel},        {"asset", n.asset},
                     {"created_ms", n.created_ms},  {"title", notification_title(n)},
                     {"alerts", std::move(alerts)}, {"more_alerts", n.alerts.size() - shown}};
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  return lower_hex(std::span<const unsigned char>(mac, len));
}

std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds,
                              std::string_view body) {
  const std::string t = std::to_string(unix_seconds);
  std::string signed_text = t + ".";
  signed_text.append(body);
  return "t=" + t + ",v1=" + hmac_sha256_hex(secret, signed_text);
}

}  // namespace lw::notify
