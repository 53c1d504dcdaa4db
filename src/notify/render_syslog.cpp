// RFC 5424: "<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG". The SD-ID
// carries an enterprise number as section 7.2.2 asks: 32473, the number RFC 5612 reserves for
// documentation (docs/notifications.md says how to change it).
#include "notify/render.h"
#include "notify/text.h"

namespace lw::notify {
namespace {

constexpr std::string_view kSdId = "leakwatch@32473";
constexpr std::size_t kParamMax = 96;  // 9 params, escaped, stay under kMaxSyslogLine

// PRINTUSASCII without space, at most `max` characters; "-" (NILVALUE) when empty.
std::string header_field(std::string_view s, std::size_t max) {
  std::string out;
  for (char c : s) {
    if (out.size() == max) break;
    if (c > 32 && c < 127) out += c;
  }
  return out.empty() ? "-" : out;
}

// SD-PARAM value: '"', '\' and ']' escaped with a backslash (section 6.3.3).
std::string param_value(std::string_view s) {
  std::string out;
  for (char c : single_line(truncate_utf8(s, kParamMax))) {
    if (c == '"' || c == '\\' || c == ']') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

int syslog_pri(const AlertPayload& a) noexcept {
  constexpr int kFacility = 4;
  int sev = 5;
  if (a.resolved()) {
    sev = 6;
  } else if (a.severity == "critical") {
    sev = 2;
  } else if (a.severity == "high") {
    sev = 3;
  } else if (a.severity == "medium") {
    sev = 4;
  }
  return kFacility * 8 + sev;
}

std::vector<std::string> render_syslog(const Notification& n, std::string_view hostname,
                                       std::int64_t now_ms) {
  std::vector<std::string> out;
  out.reserve(n.alerts.size());
  for (const auto& a : n.alerts) {
    std::string line = "<" + std::to_string(syslog_pri(a)) + ">1 " + rfc3339(now_ms) + " " +
                       header_field(hostname, 255) + " leakwatch - " + header_field(a.rule, 32) +
                       " [" + std::string(kSdId);
    const std::pair<const char*, std::string> params[] = {{"alert_id", a.alert_id},
                                                          {"rule", a.rule},
                                                          {"status", a.status},
                                                          {"severity", a.severity},
                                                          {"service", a.service()},
                                                          {"asset", a.asset},
                                                          {"protocol", a.protocol},
                                                          {"incident", a.incident_id},
                                                          {"idempotency_key", n.idempotency_key}};
    for (const auto& [name, value] : params) {
      if (!value.empty()) line += std::string(" ") + name + "=\"" + param_value(value) + "\"";
    }
    line += "] ";
    std::string msg = alert_title(a);
    if (!a.summary.empty()) msg += ": " + summary_line(a);
    if (const auto f = findings_line(a); !f.empty()) msg += "; findings (masked): " + f;
    const std::size_t room = kMaxSyslogLine > line.size() ? kMaxSyslogLine - line.size() : 0;
    line += truncate_utf8(single_line(msg), room);
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace lw::notify
