#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "notify/notification.h"

namespace lw::notify {

// Every rendered message is bounded: at most this many alerts, and findings per alert, are
// written out; the rest are counted ("and N more").
inline constexpr std::size_t kMaxAlertsPerMessage = 20;
inline constexpr std::size_t kMaxFindingsPerAlert = 10;
// An alert's summary as any body carries it (a stored summary may hold kMaxStoredString).
inline constexpr std::size_t kMaxSummaryBytes = 1024;

// 2026-12-07T07:05:24.123Z (RFC 3339, UTC, milliseconds).
std::string rfc3339(std::int64_t unix_ms);
// Mon, 07 Dec 2026 07:05:24 +0000 (RFC 5322 section 3.3).
std::string rfc5322_date(std::int64_t unix_ms);

// "[CRITICAL] open_database: redis at 127.0.0.1:6379/tcp (asset prod)"; "[RESOLVED] ..." when
// the alert is resolved.
std::string alert_title(const AlertPayload& a);
// "email x120 e.g. j***@e***.com (high); ... and 3 more finding types", at most
// kMaxFindingsPerAlert entries; "" without findings.
std::string findings_line(const AlertPayload& a);
// "leakwatch: 3 alerts for asset prod (highest: critical)" or the one alert's title.
std::string notification_title(const Notification& n);
// The alert's summary on one line, at most kMaxSummaryBytes.
std::string summary_line(const AlertPayload& a);
// The highest severity among the alerts ("" without any).
std::string highest_severity(const Notification& n);

// The alert's JSON (to_json) with at most kMaxFindingsPerAlert findings and "more_findings"
// counting the rest: what the webhook and PagerDuty bodies carry of an alert.
nlohmann::json capped_alert_json(const AlertPayload& a);
// The strings joined with `sep` between them.
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// `s` cut to at most `max` bytes on a UTF-8 boundary, with "…" appended when cut.
std::string truncate_utf8(std::string_view s, std::size_t max);
// `s` with CR, LF and other control characters replaced by a space (header and line safety).
std::string single_line(std::string_view s);

}  // namespace lw::notify
