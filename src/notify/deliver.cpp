#include "notify/deliver.h"

#include <unistd.h>

#include "notify/curl_transfer.h"
#include "notify/render.h"
#include "notify/syslog_send.h"
#include "notify/text.h"

namespace lw::notify {
namespace {

constexpr std::string_view kPagerDutyUrl = "https://events.pagerduty.com/v2/enqueue";

std::string local_hostname() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "-";
  return buf;
}

DeliveryResult post_json(const Channel& channel, const std::string& url, std::string body,
                         std::vector<std::string> headers, std::int64_t now_ms) {
  headers.insert(headers.begin(), "Content-Type: application/json");
  return detail::http_post(channel, {url, std::move(headers), std::move(body)}, now_ms);
}

}  // namespace

std::string_view to_string(DeliveryStatus s) noexcept {
  switch (s) {
    case DeliveryStatus::delivered:
      return "delivered";
    case DeliveryStatus::retry:
      return "retry";
    case DeliveryStatus::permanent:
      return "permanent";
  }
  return "retry";
}

DeliveryResult deliver(const Channel& channel, const Notification& n, std::int64_t now_ms) {
  switch (channel.kind) {
    case ChannelKind::webhook: {
      std::string body = render_webhook(n);
      // single_line: a stored key with CR or LF cannot add a header.
      std::vector<std::string> headers{"Idempotency-Key: " + single_line(n.idempotency_key)};
      if (!channel.secret.empty()) {
        headers.push_back(std::string(kSignatureHeader) + ": " +
                          webhook_signature(channel.secret, now_ms / 1000, body));
      }
      return post_json(channel, channel.url, std::move(body), std::move(headers), now_ms);
    }
    case ChannelKind::slack:
      return post_json(channel, channel.url, render_slack(n), {}, now_ms);
    case ChannelKind::mattermost:
      return post_json(channel, channel.url, render_mattermost(n), {}, now_ms);
    case ChannelKind::pagerduty: {
      const std::string url = channel.url.empty() ? std::string(kPagerDutyUrl) : channel.url;
      DeliveryResult last;
      last.status = DeliveryStatus::delivered;
      // One event per alert; a failure stops here and the whole notification is tried again:
      // PagerDuty de-duplicates the events already sent on their dedup_key.
      for (auto& event : render_pagerduty(n, channel.routing_key)) {
        last = post_json(channel, url, std::move(event), {}, now_ms);
        if (last.status != DeliveryStatus::delivered) return last;
      }
      return last;
    }
    case ChannelKind::email:
      return detail::smtp_send(channel, render_email(n, channel, now_ms));
    case ChannelKind::syslog:
      return detail::syslog_send(channel, render_syslog(n, local_hostname(), now_ms));
  }
  DeliveryResult r;
  r.status = DeliveryStatus::permanent;
  r.error = "channel " + channel.name + ": unknown kind";
  return r;
}

}  // namespace lw::notify
