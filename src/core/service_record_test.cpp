#include "core/service_record.h"

#include <gtest/gtest.h>

#include <ctime>

namespace lw {

TEST(ServiceRecord, RoundTripsThroughItsJsonForm) {
  ServiceRecord r;
  r.scan_id = "00112233aabbccdd";
  r.time_ms = 1795307281512;  // 2026-11-22T...Z
  r.address = *Address::parse("127.0.1.1");
  r.host_name = "cache.lab.test";
  r.port = 6379;
  r.probe = "redis";
  r.verdict = {VerdictKind::open, "INFO and SCAN answered without AUTH", EvidenceKind::read,
               "SCAN 0 COUNT 100"};
  r.product = "redis";
  r.version = "7.0.15";
  r.metadata = {{"keys", 3}};
  r.data_bytes = 1024;
  r.sample_count = 3;
  r.sample_bytes = 212;
  r.findings.push_back({"us_ssn", "identity", 0.95, "key user:1", "***-**-1120", "9c1e", "high"});
  r.sensitivity = 72;
  r.severity = "high";
  r.tls = TlsInfo{"TLSv1.3", "TLS_AES_256_GCM_SHA384", "CN=x", "CN=ca", {"x.lab"}, "a", "b", false};
  const auto j = to_json(r);
  EXPECT_EQ(j["time"], iso8601_utc(r.time_ms));
  auto back = record_from_json(j);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->time_ms, r.time_ms);
  EXPECT_EQ(back->address, r.address);
  EXPECT_EQ(back->host_name, r.host_name);
  EXPECT_EQ(back->verdict.kind, VerdictKind::open);
  EXPECT_EQ(back->verdict.evidence, EvidenceKind::read);
  EXPECT_EQ(back->verdict.proof, r.verdict.proof);
  EXPECT_EQ(back->sample_count, 3u);
  EXPECT_EQ(back->sample_bytes, 212u);
  ASSERT_EQ(back->findings.size(), 1u);
  EXPECT_EQ(back->findings[0].masked, "***-**-1120");
  ASSERT_TRUE(back->tls);
  EXPECT_EQ(back->tls->sans, r.tls->sans);
  EXPECT_EQ(to_json(*back), j);
}

TEST(ServiceRecord, AssessmentMembersRoundTripAndAreAbsentByDefault) {
  ServiceRecord r;
  r.address = *Address::parse("127.0.1.1");
  r.port = 2375;
  r.verdict = {VerdictKind::open, "container list answered", EvidenceKind::access,
               "GET /containers/json"};
  const auto plain = to_json(r);
  EXPECT_FALSE(plain.contains("capabilities"));
  EXPECT_FALSE(plain.contains("compromised"));
  EXPECT_FALSE(plain.contains("severity_reasons"));
  r.capabilities = Capabilities{.read = true, .write = true, .exec = true};
  r.compromised = true;
  r.compromise_note = "index k2j9qpa7zx-meow: the \"meow\" wiping signature";
  r.severity = "critical";
  r.severity_reasons = {"compromised: a ransom or wiping note is in the store",
                        "access: runs code on the host without credentials"};
  const auto j = to_json(r);
  EXPECT_EQ(j["evidence"]["kind"], "access");
  EXPECT_EQ(to_json_line(r), j.dump());
  auto back = record_from_json(j);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->verdict.evidence, EvidenceKind::access);
  EXPECT_EQ(back->capabilities, r.capabilities);
  EXPECT_TRUE(back->compromised);
  EXPECT_EQ(back->compromise_note, r.compromise_note);
  EXPECT_EQ(back->severity_reasons, r.severity_reasons);
  EXPECT_EQ(to_json(*back), j);
}

TEST(ServiceRecord, TheDirectLineIsWhatTheJsonDumps) {
  ServiceRecord bare;
  bare.address = *Address::parse("::1");
  ServiceRecord full;
  full.scan_id = "scan-\"quoted\"";
  full.time_ms = 1795307281512;
  full.address = *Address::parse("127.0.1.1");
  full.host_name = "caf\xC3\xA9.lab.test";
  full.port = 65535;
  full.transport = Transport::tls;
  full.probe = "redis";
  full.outcome = Outcome::timeout;
  full.verdict = {VerdictKind::open, "line\nbreak\ttab \x01", EvidenceKind::read, "SCAN 0"};
  full.product = "redis";
  full.version = "7.0.15";
  full.metadata = {{"keys", 3}, {"names", {"a", "b\\c"}}, {"nested", {{"z", 1.5}, {"a", nullptr}}}};
  full.data_bytes = 18446744073709551615ull;
  full.record_count = 0;
  full.sample_count = 3;
  full.sample_bytes = 212;
  full.findings.push_back(
      {"us_ssn", "identity", 0.95, "key user:1", "***-**-1120", "9c1e", "high"});
  full.findings.push_back({"iban", "financial", 1.0 / 3.0, "", "", "", "medium"});
  full.sensitivity = 100;
  full.severity = "critical";
  full.duration_ms = 4294967295u;
  full.attempts = {"redis+tls", "banner"};
  full.tls =
      TlsInfo{"TLSv1.3", "TLS_AES_256_GCM_SHA384", "CN=x", "CN=ca", {"x.lab", "y"}, "a", "b", true};
  for (const ServiceRecord* r : {&bare, &full}) {
    EXPECT_EQ(to_json_line(*r), to_json(*r).dump());
  }
}

TEST(ServiceRecord, TimesPrintAsGmtimeWouldPrintThem) {
  EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso8601_utc(951782400123), "2000-02-29T00:00:00.123Z");
  EXPECT_EQ(iso8601_utc(1795307281512), "2026-11-22T00:28:01.512Z");
  EXPECT_EQ(iso8601_utc(253402300799999), "9999-12-31T23:59:59.999Z");
  // A sweep against the C library, a prime stride apart (about 97 days plus some seconds).
  for (std::int64_t ms = 0; ms < 4'000'000'000'000; ms += 8'380'812'347) {
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char want[40];
    std::strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%S", &tm);
    char with_ms[48];
    std::snprintf(with_ms, sizeof with_ms, "%s.%03dZ", want, static_cast<int>(ms % 1000));
    ASSERT_EQ(iso8601_utc(ms), with_ms) << ms;
  }
}

TEST(ServiceRecord, RejectsBadRecords) {
  EXPECT_FALSE(record_from_json(nlohmann::json::object()));
  EXPECT_FALSE(record_from_json({{"ip", "not-an-ip"}, {"port", 1}, {"verdict", "open"}}));
  EXPECT_FALSE(record_from_json({{"ip", "127.0.0.1"}, {"port", 1}, {"verdict", "maybe"}}));
}

}  // namespace lw
