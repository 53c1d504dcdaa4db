#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace lw::notify {

enum class ChannelKind { webhook, slack, mattermost, pagerduty, email, syslog };

// One notification channel as `leakwatch serve`'s config declares it (docs/serve.md). Secrets
// (webhook key, PagerDuty routing key, SMTP password) are resolved by the config loader from a
// file or an environment variable; they are never logged.
struct Channel {
  std::string name;
  ChannelKind kind = ChannelKind::webhook;
  std::string min_severity = "low";  // low, medium, high, critical
  std::vector<std::string> assets;   // asset names; empty: every asset
  std::chrono::milliseconds timeout{10000};
  std::string ca_file;  // PEM CA bundle to verify TLS peers (https, SMTP STARTTLS); empty: system's

  // webhook, slack, mattermost, pagerduty
  std::string url;
  std::string secret;       // webhook: HMAC-SHA-256 key over "<timestamp>.<body>"
  std::string routing_key;  // pagerduty: the integration's routing key

  // email (SMTP; STARTTLS required unless require_tls is false)
  std::string smtp_url;  // smtp://host:port
  std::string from;
  std::vector<std::string> to;
  std::string username;
  std::string password;
  bool require_tls = true;

  // syslog (RFC 5424)
  std::string syslog_host;
  std::uint16_t syslog_port = 514;
  std::string syslog_transport = "udp";  // udp | tcp (RFC 6587 octet counting)
};

struct AlertPayload;

// Whether the channel takes this alert: its severity is at least min_severity and its asset is in
// `assets` (or `assets` is empty). A resolved alert passes the severity test on the severity it
// fired with.
bool channel_accepts(const Channel& channel, const AlertPayload& alert);

}  // namespace lw::notify
