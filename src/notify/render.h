#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "notify/channel.h"
#include "notify/notification.h"

// Pure renderers: one notification to the bytes each channel sends (docs/notifications.md).
// Every body is bounded (kMaxAlertsPerMessage, kMaxFindingsPerAlert, text.h) and built only
// from the payload's masked evidence.
namespace lw::notify {

inline constexpr std::string_view kWebhookSchema = "leakwatch.notification/1";
inline constexpr std::string_view kSignatureHeader = "X-Leakwatch-Signature";

// The generic webhook's JSON body: our schema (docs/notifications.md), with idempotency_key.
std::string render_webhook(const Notification& n);
// Lower-case hex HMAC-SHA-256 of `data` under `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// The X-Leakwatch-Signature value: "t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">".
std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds,
                              std::string_view body);

// Slack incoming webhook: {"text": fallback, "blocks": [header, one section per alert, context]}.
std::string render_slack(const Notification& n);
// Mattermost incoming webhook: {"text": ..., "attachments": [one per alert, with fields]}.
std::string render_mattermost(const Notification& n);

// PagerDuty Events API v2: one event per alert (the API takes one per request; each is bounded,
// none dropped), dedup_key the
// alert id; "trigger" for a firing alert, "resolve" for a resolved one.
std::vector<std::string> render_pagerduty(const Notification& n, std::string_view routing_key);
// low -> info, medium -> warning, high -> error, critical -> critical.
std::string_view pagerduty_severity(std::string_view severity) noexcept;

// RFC 5322 message (CRLF line ends, plain-text UTF-8 body) from channel.from to channel.to.
std::string render_email(const Notification& n, const Channel& channel, std::int64_t now_ms);

// RFC 5424 lines, one per alert (a SIEM wants each; every line at most kMaxSyslogLine bytes),
// without framing: "<PRI>1 TIMESTAMP HOSTNAME leakwatch - MSGID [SD] MSG".
std::vector<std::string> render_syslog(const Notification& n, std::string_view hostname,
                                       std::int64_t now_ms);
// RFC 5424 PRI: facility 4 (security/authorization) * 8 + a severity from the alert's:
// critical 2, high 3, medium 4, low 5; resolved 6 (informational).
int syslog_pri(const AlertPayload& a) noexcept;
inline constexpr std::size_t kMaxSyslogLine = 2048;  // RFC 5424 6.1: every receiver takes 2048

}  // namespace lw::notify
