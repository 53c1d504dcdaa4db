#pragma once

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "notify/notification.h"

namespace lw::notify::testing {

// An open Redis holding masked e-mail addresses: the alert every renderer test starts from.
inline AlertPayload sample_alert(int i = 0) {
  AlertPayload a;
  a.alert_id = "al-7f3a9c0d" + std::to_string(i);
  a.rule = "sensitive_data";
  a.status = "firing";
  a.asset = "prod-cache";
  a.owner = "platform team";
  a.contacts = {"oncall@example.com"};
  a.address = "127.0.1." + std::to_string(1 + i);
  a.port = 6379;
  a.transport = "tcp";
  a.protocol = "redis";
  a.product = "redis 7.0.15";
  a.verdict = "open";
  a.evidence = "read";
  a.proof = "SCAN 0 COUNT 10 returned 8 keys; GET user:1 read a record";
  a.severity = "critical";
  a.severity_reasons = {"an open store holds US SSNs", "anyone can write to it"};
  a.findings = {{"email", "j***@e***.com", 120, "medium"},
                {"us_ssn", "***-**-1234", 3, "critical"}};
  a.first_seen_ms = 1796540400000;  // 2026-12-06T07:00:00Z
  a.last_seen_ms = 1796540460000;
  a.incident_id = "inc-42";
  a.summary = "Unauthenticated Redis with 2 sensitive data types";
  return a;
}

inline Notification sample_notification(int alerts = 1) {
  Notification n;
  n.idempotency_key = "nk-0123456789abcdef";
  n.channel = "team-webhook";
  n.asset = "prod-cache";
  n.created_ms = 1796540460123;
  for (int i = 0; i < alerts; ++i) n.alerts.push_back(sample_alert(i));
  return n;
}

// Polls `path` (every 50 ms, at most `limit`) until it holds `count` occurrences of `needle`;
// returns its text then, or what it held when the bound ran out.
inline std::string wait_for_text(const std::string& path, const std::string& needle,
                                 std::chrono::milliseconds limit, std::size_t count = 1) {
  const auto until = std::chrono::steady_clock::now() + limit;
  std::string text;
  for (;;) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    text = s.str();
    std::size_t seen = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
      ++seen;
    if (seen >= count || std::chrono::steady_clock::now() >= until) return text;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace lw::notify::testing
