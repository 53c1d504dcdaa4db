// End to end (issue 14, "Done when"): `leakwatch serve` watches an asset (127.0.8.1-127.0.8.4,
// the Redis port) with a webhook (127.0.8.200:8080), e-mail through a real Exim with STARTTLS
// (127.0.8.201:2525) and syslog to a real rsyslogd (127.0.8.202:5514). A misconfigured Redis
// with fake sensitive keys opens at 127.0.8.2; the alert reaches all three channels once each;
// the incident is acknowledged, the Redis secured, and a rescan proves it remediated; each channel
// then hears once that each alert is resolved.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "serve/serve_fixture.h"
#include "support/mail_server.h"

namespace lw::testing::serve {
namespace {

constexpr const char* kRedis = "127.0.8.2";
constexpr const char* kService = "127.0.8.2:6379";
constexpr const char* kHook = "127.0.8.200";
constexpr const char* kSmtp = "127.0.8.201";
constexpr const char* kSyslog = "127.0.8.202";
constexpr const char* kSecret = "whsec-serve-e2e";

std::set<std::string> alert_ids(const Json& incident) {
  std::set<std::string> out;
  for (const auto& a : incident["alert_ids"]) out.insert(a.get<std::string>());
  return out;
}

// The first time of a timeline event of `kind`, or -1.
std::int64_t event_time(const Json& incident, const std::string& kind) {
  for (const auto& e : incident["timeline"]) {
    if (e.value("kind", "") == kind) return e["time_ms"].get<std::int64_t>();
  }
  return -1;
}

// How many times the mailbox lists alert `id` firing (or resolved): each alert's block in a
// message starts with its title line ("[CRITICAL] ...", "[RESOLVED] ..." once resolved) and ends
// "Alert id:".
std::size_t in_mail(const std::string& box, const std::string& id, bool resolved) {
  std::size_t n = 0;
  const std::string needle = "Alert id:   " + id;
  for (auto at = box.find(needle); at != std::string::npos; at = box.find(needle, at + 1)) {
    const auto title = box.rfind("\n[", at);
    if (title == std::string::npos) continue;
    if ((box.compare(title + 1, 10, "[RESOLVED]") == 0) == resolved) ++n;
  }
  return n;
}

// How many syslog lines carry alert `id` with `status`.
std::size_t in_syslog(const std::string& lines, const std::string& id, const std::string& status) {
  std::size_t n = 0;
  std::istringstream in(lines);
  for (std::string line; std::getline(in, line);) {
    if (line.find("alert_id=\"" + id + "\"") != std::string::npos &&
        line.find("status=\"" + status + "\"") != std::string::npos) {
      ++n;
    }
  }
  return n;
}

TEST(ServeEndToEnd, OpenRedisIsAlertedOnEveryChannelAcknowledgedAndRemediatedByRescan) {
  if (::geteuid() != 0) GTEST_FAIL() << "Exim's -C configuration needs root (CI runs as root)";
  TempDir dir;
  WebhookReceiver hook;
  ASSERT_EQ(hook.start(kHook, 8080, kSecret), "");
  EximServer exim;
  ASSERT_EQ(exim.start(kSmtp, 2525, true), "");
  RsyslogServer rsyslog;
  ASSERT_EQ(rsyslog.start(kSyslog, 5514), "");
  Process redis;
  ASSERT_EQ(start_open_redis(redis, dir, kRedis), "");

  std::ofstream(dir / "hook.key") << kSecret << "\n";
  ServeConfig config;
  config.catalog = dir / "catalog.db";
  config.assets = {{"e2e-cache", {"127.0.8.1-127.0.8.4"}, {6379}, "1h", 0}};
  config.channels = {
      ServeConfig::webhook("hook", hook.url(), dir / "hook.key"),
      ServeConfig::email("mail", "smtp://" + std::string(kSmtp) + ":2525", exim.cert_file()),
      ServeConfig::syslog("siem", kSyslog, 5514)};
  config.write(dir / "serve.yaml");
  const auto check = leakwatch({"config", "check", dir / "serve.yaml"});
  ASSERT_EQ(check.status, 0) << check.err << config.yaml();

  Daemon daemon(dir / "serve.yaml", dir.path());
  const auto started_ms = now_ms();
  daemon.start();
  ASSERT_TRUE(daemon.wait_for("started", 30s)) << daemon.log_tail();

  // The webhook receives both rules' alerts for the Redis, signed.
  std::vector<ReceivedRequest> got;
  ASSERT_TRUE(eventually(
      [&] {
        got = hook.requests();
        return firing_deliveries(got).size() >= 2;
      },
      90s))
      << daemon.log_tail();
  for (const auto& r : got) {
    EXPECT_TRUE(r.signature_ok) << r.raw_body;
    ASSERT_TRUE(r.body.is_object()) << r.raw_body;
    EXPECT_EQ(r.body.value("idempotency_key", ""), r.idempotency_key);
    EXPECT_EQ(r.body.value("schema", ""), "leakwatch.notification/1");
  }
  const Json alert = delivered(got).front().body["alerts"][0];
  EXPECT_EQ(alert.value("address", ""), kRedis);
  EXPECT_EQ(alert.value("port", 0), 6379);
  EXPECT_EQ(alert.value("asset", ""), "e2e-cache");
  EXPECT_EQ(alert.value("owner", ""), "Serve test team");
  EXPECT_EQ(alert.value("verdict", ""), "open");
  EXPECT_FALSE(alert.value("severity", "").empty());
  EXPECT_FALSE(alert.value("proof", "").empty());
  EXPECT_GT(alert.value("first_seen_ms", std::int64_t{0}), started_ms - 1000);

  // The incident holds the alert ids the channels carry.
  auto incident = wait_for_incident(
      config.catalog, kService, [](const Json& i) { return i["alert_ids"].size() >= 2; }, 30s);
  ASSERT_TRUE(incident) << daemon.log_tail();
  const auto ids = alert_ids(*incident);
  ASSERT_EQ(ids.size(), 2u) << incident->dump();
  for (const auto& [id, n] : firing_deliveries(got)) EXPECT_EQ(ids.count(id), 1u) << id;

  // The e-mail (over STARTTLS, as Exim logs) and the syslog lines arrive.
  EXPECT_TRUE(eventually(
      [&] {
        const std::string box = read_file(exim.mailbox());
        for (const auto& id : ids) {
          if (box.find("Alert id:   " + id) == std::string::npos) return false;
        }
        return true;
      },
      60s))
      << read_file(exim.mailbox()) << daemon.log_tail();
  EXPECT_NE(read_file(exim.mainlog()).find("P=esmtps X=TLS"), std::string::npos)
      << read_file(exim.mainlog());
  EXPECT_TRUE(eventually(
      [&] {
        const std::string lines = read_file(rsyslog.output());
        for (const auto& id : ids) {
          if (lines.find("alert_id=\"" + id + "\"") == std::string::npos) return false;
        }
        return true;
      },
      60s))
      << read_file(rsyslog.output()) << daemon.log_tail();

  // Acknowledged by the operator.
  const std::string id = std::to_string((*incident)["id"].get<std::int64_t>());
  const auto ack =
      leakwatch({"incidents", "ack", id, "--by", "e2e-oncall", "--db", config.catalog});
  ASSERT_EQ(ack.status, 0) << ack.err;

  // Secured: the next rescan (open_rescan 5s) proves it, and only that sets remediated.
  const auto secured_ms = now_ms();
  ASSERT_EQ(secure_redis(kRedis), "");
  incident = wait_for_incident(
      config.catalog, kService, [](const Json& i) { return i.value("state", "") == "remediated"; },
      90s);
  ASSERT_TRUE(incident);
  ASSERT_EQ((*incident)["state"], "remediated") << incident->dump() << daemon.log_tail();
  EXPECT_TRUE(daemon.wait_for("incident_remediated", 10s)) << daemon.log_tail();

  // The timeline: first seen <= opened (alerted) <= acknowledged <= remediated, in real time.
  const auto& inc = *incident;
  const auto first_seen = inc["first_seen_ms"].get<std::int64_t>();
  const auto opened = inc["opened_ms"].get<std::int64_t>();
  const auto acked = inc["acknowledged_ms"].get<std::int64_t>();
  const auto remediated = inc["remediated_ms"].get<std::int64_t>();
  EXPECT_GE(first_seen, started_ms - 1000) << inc.dump();
  EXPECT_LE(first_seen, opened) << inc.dump();
  EXPECT_LT(opened, secured_ms) << inc.dump();
  EXPECT_LE(opened, acked) << inc.dump();
  EXPECT_LE(acked, secured_ms) << inc.dump();
  EXPECT_GE(remediated, secured_ms) << inc.dump();
  EXPECT_LE(remediated, now_ms()) << inc.dump();
  EXPECT_EQ(inc["exposure_ms"].get<std::int64_t>(), remediated - first_seen) << inc.dump();
  EXPECT_TRUE(inc["exposure_ended"].get<bool>());
  EXPECT_EQ(inc["reopened_count"], 0);
  EXPECT_EQ(event_time(inc, "opened"), opened) << inc.dump();
  EXPECT_EQ(event_time(inc, "acknowledged"), acked) << inc.dump();
  EXPECT_EQ(event_time(inc, "remediated"), remediated) << inc.dump();
  std::int64_t previous = 0;
  for (const auto& e : inc["timeline"]) {
    EXPECT_GE(e["time_ms"].get<std::int64_t>(), previous) << inc.dump();
    previous = e["time_ms"].get<std::int64_t>();
    if (e["kind"] == "acknowledged") {
      EXPECT_EQ(e["actor"], "e2e-oncall");
    }
  }
  EXPECT_EQ(inc["asset_metrics"].value("remediated", 0), 1) << inc.dump();

  // The fix is announced where the exposure was: each alert resolved, once, on every channel.
  ASSERT_TRUE(eventually(
      [&] {
        const auto resolved = deliveries(hook.requests(), "resolved");
        const std::string box = read_file(exim.mailbox());
        const std::string syslog_lines = read_file(rsyslog.output());
        for (const auto& a : ids) {
          if (!resolved.contains(a) || in_mail(box, a, true) == 0 ||
              in_syslog(syslog_lines, a, "resolved") == 0) {
            return false;
          }
        }
        return true;
      },
      60s))
      << daemon.log_tail();

  // Each alert was delivered once per channel, though rescans saw it every 5 s: no repeats; and
  // its resolution once.
  got = hook.requests();
  for (const auto& a : ids) EXPECT_EQ(firing_deliveries(got)[a], 1) << a;
  for (const auto& a : ids) EXPECT_EQ(deliveries(got, "resolved")[a], 1) << a;
  std::map<std::string, int> keys;
  for (const auto& r : delivered(got)) ++keys[r.idempotency_key];
  for (const auto& [key, n] : keys) EXPECT_EQ(n, 1) << key;
  const std::string box = read_file(exim.mailbox());
  const std::string lines = read_file(rsyslog.output());
  for (const auto& a : ids) {
    EXPECT_EQ(in_mail(box, a, false), 1u) << box;
    EXPECT_EQ(in_syslog(lines, a, "firing"), 1u) << lines;
    EXPECT_EQ(in_mail(box, a, true), 1u) << box;
    EXPECT_EQ(in_syslog(lines, a, "resolved"), 1u) << lines;
  }

  // No raw sensitive value in anything sent, logged or stored.
  std::string everything = box + lines + daemon.log_text();
  for (const auto& r : got) everything += r.raw_body;
  for (const char* f : {"catalog.db", "catalog.db-wal"}) everything += read_file(dir / f);
  for (const auto& raw : kRawValues) {
    EXPECT_EQ(everything.find(raw), std::string::npos) << "raw value " << raw << " was written";
  }
  EXPECT_NE(everything.find("1111"), std::string::npos) << "the masked card was not carried";

  EXPECT_EQ(daemon.stop(20s), 0) << daemon.log_tail();
  EXPECT_TRUE(daemon.wait_for("stopping", 1s));
}

}  // namespace
}  // namespace lw::testing::serve
