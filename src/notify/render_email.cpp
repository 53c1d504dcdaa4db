// An RFC 5322 message: ASCII headers (a non-ASCII Subject as RFC 2047 encoded words), CRLF line
// ends, lines under 998 octets, a plain-text UTF-8 body (8bit; libcurl dot-stuffs for SMTP).
#include <openssl/evp.h>

#include "core/json_text.h"
#include "notify/render.h"
#include "notify/text.h"

namespace lw::notify {
namespace {

constexpr std::size_t kLineMax = 990;
constexpr std::size_t kEncodedChunk = 45;  // bytes per encoded word: 60 base64 chars, < 75 total

bool ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string base64(std::string_view s) {
  std::string out(4 * ((s.size() + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// RFC 2047 "B" encoded words, split on UTF-8 boundaries and folded.
std::string encode_header(std::string_view value) {
  if (ascii(value)) return std::string(value);
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    std::size_t end = i;
    while (end < value.size()) {
      const std::size_t len = std::max<std::size_t>(1, utf8_sequence_length(value, end));
      if (end + len - i > kEncodedChunk) break;
      end += len;
    }
    if (end == i) end = std::min(value.size(), i + kEncodedChunk);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(value.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string domain_of(std::string_view address) {
  const auto at = address.rfind('@');
  std::string d(at == std::string_view::npos ? "leakwatch.invalid" : address.substr(at + 1));
  std::erase_if(d, [](char c) { return c == '>' || c == ' ' || c == '\r' || c == '\n'; });
  return d.empty() ? "leakwatch.invalid" : d;
}

void line(std::string& out, std::string_view text) {
  out += truncate_utf8(single_line(text), kLineMax);
  out += "\r\n";
}

}  // namespace

std::string render_email(const Notification& n, const Channel& channel, std::int64_t now_ms) {
  std::string key = n.idempotency_key;
  std::erase_if(key, [](char c) {
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '.' || c == '_');
  });
  std::string m;
  line(m, "From: " + channel.from);
  line(m, "To: " + join(channel.to, ", "));
  m += "Subject: " +
       encode_header(truncate_utf8(single_line("[leakwatch] " + notification_title(n)), 400)) +
       "\r\n";
  line(m, "Date: " + rfc5322_date(now_ms));
  line(m, "Message-ID: <" + key + "@" + domain_of(channel.from) + ">");
  line(m, "MIME-Version: 1.0");
  line(m, "Content-Type: text/plain; charset=utf-8");
  line(m, "Content-Transfer-Encoding: 8bit");
  line(m, "Auto-Submitted: auto-generated");
  line(m, "X-Leakwatch-Idempotency-Key: " + key);
  m += "\r\n";
  if (n.alerts.size() != 1) line(m, notification_title(n));  // one alert: its title follows
  const std::size_t shown = std::min(n.alerts.size(), kMaxAlertsPerMessage);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& a = n.alerts[i];
    if (i > 0 || n.alerts.size() != 1) m += "\r\n";
    line(m, alert_title(a));
    if (!a.summary.empty()) line(m, "  " + summary_line(a));
    line(m, "  Service:    " + a.service() + (a.product.empty() ? "" : " (" + a.product + ")"));
    line(m, "  Severity:   " + a.severity);
    for (const auto& r : a.severity_reasons) line(m, "    - " + r);
    line(m, "  Proof:      " + a.evidence + (a.proof.empty() ? "" : ": " + a.proof));
    if (!a.findings.empty()) line(m, "  Findings (masked): " + findings_line(a));
    if (a.compromised) line(m, "  Compromised: a ransom note was found in the store");
    if (!a.owner.empty()) line(m, "  Owner:      " + a.owner);
    if (!a.contacts.empty()) line(m, "  Contacts:   " + join(a.contacts, ", "));
    if (a.first_seen_ms > 0) line(m, "  First seen: " + rfc3339(a.first_seen_ms));
    if (!a.incident_id.empty()) line(m, "  Incident:   " + a.incident_id);
    line(m, "  Alert id:   " + a.alert_id);
  }
  if (n.alerts.size() > shown) {
    m += "\r\n";
    line(m, "and " + std::to_string(n.alerts.size() - shown) + " more alerts");
  }
  m += "\r\n";
  line(m, "-- leakwatch (masked evidence only; raw values are never sent)");
  return m;
}

}  // namespace lw::notify
