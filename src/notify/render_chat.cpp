// Slack and Mattermost incoming-webhook bodies. Slack: a `text` fallback and Block Kit `blocks`
// (header plain_text <= 150 chars, section mrkdwn <= 3000, <= 50 blocks). Mattermost: `text` and
// Slack-style `attachments` with `fallback`, `color`, `title`, `text` and `fields`.
#include "notify/render.h"
#include "notify/text.h"

namespace lw::notify {
namespace {

using nlohmann::json;

constexpr std::size_t kSlackHeaderMax = 150;
constexpr std::size_t kSlackSectionMax = 3000;
constexpr std::size_t kTextMax = 4000;

// Slack mrkdwn needs &, < and > escaped (they start links and mentions).
std::string slack_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

// The lines every chat message shows for one alert, as (label, value); empty values skipped.
std::vector<std::pair<std::string, std::string>> alert_facts(const AlertPayload& a) {
  std::vector<std::pair<std::string, std::string>> facts{
      {"Severity", a.severity},
      {"Why", join(a.severity_reasons, "; ")},
      {"Proof", a.proof.empty() ? a.evidence : a.evidence + ": " + a.proof},
      {"Product", a.product},
      {"Findings (masked)", findings_line(a)},
      {"Compromised", a.compromised ? "yes: a ransom note was found" : ""},
      {"Owner", a.owner},
      {"Contacts", join(a.contacts, ", ")},
      {"First seen", a.first_seen_ms > 0 ? rfc3339(a.first_seen_ms) : ""},
      {"Incident", a.incident_id},
      {"Alert id", a.alert_id}};
  std::erase_if(facts, [](const auto& f) { return f.second.empty(); });
  for (auto& f : facts) f.second = single_line(f.second);
  return facts;
}

std::string more_alerts(const Notification& n) {
  if (n.alerts.size() <= kMaxAlertsPerMessage) return {};
  return "and " + std::to_string(n.alerts.size() - kMaxAlertsPerMessage) + " more alerts";
}

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::string render_slack(const Notification& n) {
  json blocks = json::array();
  blocks.push_back({{"type", "header"},
                    {"text",
                     {{"type", "plain_text"},
                      {"text", truncate_utf8(notification_title(n), kSlackHeaderMax)}}}});
  const std::size_t shown = std::min(n.alerts.size(), kMaxAlertsPerMessage);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& a = n.alerts[i];
    std::string text = "*" + slack_escape(alert_title(a)) + "*";
    if (!a.summary.empty()) text += "\n" + slack_escape(summary_line(a));
    for (const auto& [label, value] : alert_facts(a)) {
      text += "\n*" + label + ":* " + slack_escape(value);
    }
    blocks.push_back(
        {{"type", "section"},
         {"text", {{"type", "mrkdwn"}, {"text", truncate_utf8(text, kSlackSectionMax)}}}});
  }
  std::string context = "leakwatch · idempotency key " + slack_escape(n.idempotency_key);
  if (const auto more = more_alerts(n); !more.empty()) context = more + " · " + context;
  blocks.push_back(
      {{"type", "context"}, {"elements", json::array({{{"type", "mrkdwn"}, {"text", context}}})}});
  std::string fallback = notification_title(n);
  if (const auto more = more_alerts(n); !more.empty()) fallback += " (" + more + ")";
  return dump({{"text", truncate_utf8(slack_escape(fallback), kTextMax)}, {"blocks", blocks}});
}

std::string render_mattermost(const Notification& n) {
  static constexpr std::pair<std::string_view, std::string_view> kColors[] = {
      {"critical", "#8b0000"}, {"high", "#d9534f"}, {"medium", "#f0ad4e"}, {"low", "#5bc0de"}};
  json attachments = json::array();
  const std::size_t shown = std::min(n.alerts.size(), kMaxAlertsPerMessage);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& a = n.alerts[i];
    std::string color = a.resolved() ? "#2eb886" : "#999999";
    for (const auto& [sev, c] : kColors) {
      if (!a.resolved() && a.severity == sev) color = std::string(c);
    }
    json fields = json::array();
    for (const auto& [label, value] : alert_facts(a)) {
      const bool is_short = label == "Severity" || label == "Owner" || label == "Product" ||
                            label == "First seen" || label == "Incident";
      fields.push_back(
          {{"short", is_short}, {"title", label}, {"value", truncate_utf8(value, kTextMax)}});
    }
    attachments.push_back({{"fallback", alert_title(a)},
                           {"color", color},
                           {"title", alert_title(a)},
                           {"text", truncate_utf8(summary_line(a), kTextMax)},
                           {"fields", std::move(fields)}});
  }
  std::string text = "#### " + notification_title(n);
  if (const auto more = more_alerts(n); !more.empty()) text += "\n" + more;
  return dump({{"text", truncate_utf8(text, kTextMax)}, {"attachments", std::move(attachments)}});
}

}  // namespace lw::notify
