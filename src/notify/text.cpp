#include "notify/text.h"

#include <ctime>

#include "core/json_text.h"

namespace lw::notify {
namespace {

std::tm utc(std::int64_t unix_ms) {
  const std::time_t secs = static_cast<std::time_t>(unix_ms >= 0 ? unix_ms / 1000 : 0);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

std::string rfc3339(std::int64_t unix_ms) {
  const std::tm tm = utc(unix_ms);
  char buf[40];
  const auto n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03dZ", static_cast<int>(unix_ms >= 0 ? unix_ms % 1000 : 0));
  return std::string(buf, n) + ms;
}

std::string rfc5322_date(std::int64_t unix_ms) {
  const std::tm tm = utc(unix_ms);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday % 7],
                tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string alert_title(const AlertPayload& a) {
  const std::string tag =
      a.resolved() ? "RESOLVED" : upper(a.severity.empty() ? "alert" : a.severity);
  std::string what = a.protocol.empty() ? std::string("service") : a.protocol;
  std::string out = "[" + tag + "] " + a.rule + ": " + what + " at " + a.service();
  if (!a.asset.empty()) out += " (asset " + a.asset + ")";
  return single_line(out);
}

std::string findings_line(const AlertPayload& a) {
  std::string out;
  const std::size_t shown = std::min(a.findings.size(), kMaxFindingsPerAlert);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& f = a.findings[i];
    if (!out.empty()) out += "; ";
    out += f.type + " x" + std::to_string(f.count);
    if (!f.masked.empty()) out += " e.g. " + f.masked;
    if (!f.severity.empty()) out += " (" + f.severity + ")";
  }
  if (a.findings.size() > shown) {
    out += "; and " + std::to_string(a.findings.size() - shown) + " more finding types";
  }
  return single_line(out);
}

std::string highest_severity(const Notification& n) {
  std::string best;
  for (const auto& a : n.alerts) {
    if (severity_rank(a.severity) > severity_rank(best)) best = a.severity;
  }
  return best;
}

std::string notification_title(const Notification& n) {
  if (n.alerts.size() == 1) return alert_title(n.alerts.front());
  std::string out = "leakwatch: " + std::to_string(n.alerts.size()) + " alerts";
  if (!n.asset.empty()) out += " for asset " + n.asset;
  const auto sev = highest_severity(n);
  if (!sev.empty()) out += " (highest: " + sev + ")";
  return single_line(out);
}

std::string summary_line(const AlertPayload& a) {
  return truncate_utf8(single_line(a.summary), kMaxSummaryBytes);
}

nlohmann::json capped_alert_json(const AlertPayload& a) {
  nlohmann::json j = to_json(a);
  j["summary"] = truncate_utf8(a.summary, kMaxSummaryBytes);
  const std::size_t shown = std::min(a.findings.size(), kMaxFindingsPerAlert);
  auto& fs = j["findings"];
  fs.erase(fs.begin() + static_cast<std::ptrdiff_t>(shown), fs.end());
  j["more_findings"] = a.findings.size() - shown;
  return j;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string truncate_utf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  static constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  const std::size_t room = max > kEllipsis.size() ? max - kEllipsis.size() : 0;
  std::size_t end = 0;
  while (end < room) {
    const std::size_t len = utf8_sequence_length(s, end);
    const std::size_t step = len == 0 ? 1 : len;
    if (end + step > room) break;
    end += step;
  }
  return std::string(s.substr(0, end)) + std::string(kEllipsis.substr(0, max - end));
}

std::string single_line(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = ' ';
  }
  return out;
}

}  // namespace lw::notify
