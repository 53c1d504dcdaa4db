// PagerDuty Events API v2 (POST https://events.pagerduty.com/v2/enqueue): routing_key,
// event_action trigger|resolve, dedup_key, and for a trigger a payload with summary (<= 1024
// chars), source, severity (critical, error, warning, info), timestamp, component, group, class
// and custom_details.
#include "notify/render.h"
#include "notify/text.h"

namespace lw::notify {
namespace {

using nlohmann::json;

constexpr std::size_t kSummaryMax = 1024;

// custom_details: the alert as the webhook carries it (masked findings, capped), the service as
// one string and the first-seen time in RFC 3339; what the event itself holds is left out.
json details(const AlertPayload& a) {
  json d = capped_alert_json(a);
  for (const char* k :
       {"status", "summary", "address", "port", "transport", "first_seen_ms", "last_seen_ms"}) {
    d.erase(k);
  }
  d["service"] = a.service();
  d["first_seen"] = a.first_seen_ms > 0 ? rfc3339(a.first_seen_ms) : "";
  if (d["more_findings"] == 0) d.erase("more_findings");
  return d;
}

}  // namespace

std::string_view pagerduty_severity(std::string_view severity) noexcept {
  if (severity == "critical") return "critical";
  if (severity == "high") return "error";
  if (severity == "medium") return "warning";
  return "info";
}

std::vector<std::string> render_pagerduty(const Notification& n, std::string_view routing_key) {
  std::vector<std::string> out;
  out.reserve(n.alerts.size());
  for (const auto& a : n.alerts) {
    json event = {{"routing_key", routing_key},
                  {"event_action", a.resolved() ? "resolve" : "trigger"},
                  {"dedup_key", a.alert_id}};
    if (!a.resolved()) {
      std::string summary = alert_title(a);
      if (!a.summary.empty()) summary += ": " + summary_line(a);
      const std::int64_t seen = a.last_seen_ms > 0 ? a.last_seen_ms : a.first_seen_ms;
      event["client"] = "leakwatch";
      event["payload"] = {{"summary", truncate_utf8(summary, kSummaryMax)},
                          {"source", a.service()},
                          {"severity", pagerduty_severity(a.severity)},
                          {"timestamp", rfc3339(seen)},
                          {"component", a.protocol},
                          {"group", a.asset},
                          {"class", a.rule},
                          {"custom_details", details(a)}};
    }
    out.push_back(event.dump(-1, ' ', false, json::error_handler_t::replace));
  }
  return out;
}

}  // namespace lw::notify
