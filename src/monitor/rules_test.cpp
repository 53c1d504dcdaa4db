#include "monitor/rules.h"

#include <gtest/gtest.h>

namespace lw::monitor {
namespace {

constexpr std::int64_t kNow = 1'801'396'800'000;  // 2027-01-31T12:00:00Z
constexpr std::int64_t kDay = 86'400'000;

const char* kConfig = R"(assets:
  - name: lab
    targets: [127.0.0.0/24]
    owner: Data team
    contacts: [dba@example.com, "+1 555 0100"]
  - name: edge
    targets: [127.0.1.0/24]
channels:
  - name: hook
    kind: webhook
    url: http://127.0.0.1:9/hook
    secret_env: HOOK_KEY
  - name: pager
    kind: pagerduty
    routing_key_env: HOOK_KEY
    min_severity: critical
  - name: edge_chat
    kind: slack
    url: http://127.0.0.1:9/slack
    assets: [edge]
rules:
  - {name: open, kind: open_database}
  - {name: pii, kind: sensitive_data, min_severity: high, families: [pii, credentials]}
  - {name: ransom, kind: compromised, channels: [pager]}
  - {name: datasets, kind: new_dataset}
  - {name: growth, kind: data_growth}
  - {name: fresh, kind: new_service, assets: [edge]}
  - {name: cert, kind: certificate_expiring, expiring_within: 14d}
  - {name: reopened, kind: exposure_reopened}
)";

Config config() {
  ConfigOptions o;
  o.resolve = [](std::string_view) -> Result<std::vector<Address>> {
    return fail(ErrorCode::not_found, "no DNS in unit tests");
  };
  o.getenv = [](const char*) -> const char* { return "k3y"; };
  auto c = parse_config(kConfig, "rules.yaml", o);
  EXPECT_TRUE(c) << c.error().describe();
  return *c;
}

catalog::ServiceRow open_redis() {
  catalog::ServiceRow s;
  s.address = "127.0.0.5";
  s.port = 6379;
  s.protocol = "redis";
  s.product = "Redis";
  s.verdict = "open";
  s.outcome = "success";
  s.severity = "high";
  s.record_count = 0;
  s.data_bytes = 0;
  s.first_seen_ms = kNow - kDay;
  s.last_seen_ms = kNow;
  s.open_since_ms = kNow - kDay;
  return s;
}

ServiceRecord record_of(const catalog::ServiceRow& s) {
  ServiceRecord r;
  r.address = *Address::parse(s.address);
  r.port = s.port;
  r.probe = s.protocol;
  r.verdict.kind = s.verdict == "open" ? VerdictKind::open : VerdictKind::auth_required;
  r.verdict.reason = "INFO answered without AUTH";
  r.verdict.proof = "INFO keyspace";
  r.severity = s.severity;
  r.severity_reasons = {"open without authentication"};
  return r;
}

struct Eval {
  Config cfg = config();
  catalog::ServiceRow service = open_redis();
  std::vector<catalog::EventRow> events;
  std::optional<ServiceRecord> latest, previous;
  bool remediated = false;
  std::int64_t now = kNow;

  std::vector<AlertCandidate> run() {
    RuleInput in;
    in.service = &service;
    in.events = events;
    in.latest = latest ? &*latest : nullptr;
    in.previous = previous ? &*previous : nullptr;
    in.asset = asset_for(cfg, service.address, service.names);
    in.previously_remediated = remediated;
    in.now_ms = now;
    return evaluate_rules(cfg, in);
  }
  std::vector<std::string> rules() {
    std::vector<std::string> out;
    for (const auto& c : run()) out.push_back(c.rule);
    return out;
  }
  const AlertCandidate* find(const std::vector<AlertCandidate>& all, std::string_view rule) {
    for (const auto& c : all) {
      if (c.rule == rule) return &c;
    }
    return nullptr;
  }
};

catalog::EventRow event(std::string kind, nlohmann::json detail = nlohmann::json::object()) {
  catalog::EventRow e;
  e.address = "127.0.0.5";
  e.port = 6379;
  e.kind = std::move(kind);
  e.time_ms = kNow;
  e.detail = std::move(detail);
  return e;
}

TEST(MonitorRules, OpenDatabaseFiresForAnEmptyStoreWithWhatTheAlertCarries) {
  Eval e;
  e.latest = record_of(e.service);
  e.latest->verdict.evidence = EvidenceKind::read;
  e.latest->findings.push_back(
      {"email", "pii", 0.9, "key user:1", "j***@e***.com", "hash", "medium"});
  e.latest->findings.push_back(
      {"email", "pii", 0.9, "key user:2", "a***@e***.org", "hash2", "high"});
  const auto all = e.run();
  const auto* c = e.find(all, "open");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->kind, RuleKind::open_database);
  EXPECT_EQ(c->alert_id, alert_id("open", "127.0.0.5:6379"));
  EXPECT_EQ(c->alert_id.size(), 32u);
  EXPECT_EQ(c->detail["empty"], true);
  EXPECT_EQ(c->asset, "lab");
  EXPECT_EQ(c->owner, "Data team");
  EXPECT_EQ(c->contacts, (std::vector<std::string>{"dba@example.com", "+1 555 0100"}));
  EXPECT_EQ(c->first_seen_ms, kNow - kDay);
  EXPECT_EQ(c->severity, "high");
  EXPECT_EQ(c->severity_reasons, e.latest->severity_reasons);
  EXPECT_EQ(c->proof, "INFO answered without AUTH (INFO keyspace)");
  ASSERT_EQ(c->evidence.size(), 2u);
  EXPECT_EQ(c->evidence[0], "pii/email at key user:1: j***@e***.com");
  EXPECT_EQ(c->summary.rfind("open_database: redis on 127.0.0.5:6379 (asset lab)", 0), 0u)
      << c->summary;
  // hook takes any severity of any asset; pager only critical; edge_chat only asset edge.
  EXPECT_EQ(c->channels, (std::vector<std::string>{"hook"}));
  // What notify renders: the same facts, findings summed per detector, masked only.
  const auto p = to_payload(*c);
  EXPECT_EQ(p.alert_id, c->alert_id);
  EXPECT_EQ(p.service(), "127.0.0.5:6379/tcp");
  EXPECT_EQ(p.verdict, "open");
  EXPECT_EQ(p.evidence, "read");
  EXPECT_EQ(p.owner, "Data team");
  EXPECT_EQ(p.first_seen_ms, kNow - kDay);
  EXPECT_EQ(p.last_seen_ms, kNow);
  ASSERT_EQ(p.findings.size(), 1u);
  EXPECT_EQ(p.findings[0].type, "email");
  EXPECT_EQ(p.findings[0].count, 2u);
  EXPECT_EQ(p.findings[0].masked, "j***@e***.com");
  EXPECT_EQ(p.findings[0].severity, "high");
  EXPECT_FALSE(p.compromised);
}

TEST(MonitorRules, NothingFiresForASecuredOrClosedService) {
  Eval e;
  e.service.verdict = "auth_required";
  e.service.severity = "";
  EXPECT_TRUE(e.rules().empty());
  e.service.verdict = "open";
  e.service.reachable = false;
  EXPECT_TRUE(e.rules().empty());
}

TEST(MonitorRules, AlertIdIsStablePerRuleAndService) {
  EXPECT_EQ(alert_id("open", service_key("127.0.0.5", 6379)),
            alert_id("open", service_key("127.0.0.5", 6379)));
  EXPECT_NE(alert_id("open", "127.0.0.5:6379"), alert_id("open", "127.0.0.5:6380"));
  EXPECT_NE(alert_id("open", "127.0.0.5:6379"), alert_id("pii", "127.0.0.5:6379"));
  EXPECT_EQ(service_key("::1", 9200), "[::1]:9200");
  // Two scans of the same exposure: one alert id, one content hash.
  Eval a, b;
  b.service.last_seen_ms = kNow + 60'000;
  b.service.observations = 7;
  EXPECT_EQ(a.run()[0].alert_id, b.run()[0].alert_id);
  EXPECT_EQ(a.run()[0].content_hash, b.run()[0].content_hash);
}

TEST(MonitorRules, SensitiveDataByFamilyAndMinimumSeverity) {
  Eval e;
  e.service.categories = {"pii", "financial", "compromised"};
  const auto all = e.run();
  const auto* c = e.find(all, "pii");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->detail["categories"], nlohmann::json::array({"pii"}));
  e.service.categories = {"financial"};
  EXPECT_EQ(e.find(e.run(), "pii"), nullptr);  // not a family the rule names
  e.service.categories = {"pii"};
  e.service.severity = "medium";
  EXPECT_EQ(e.find(e.run(), "pii"), nullptr);  // below the rule's min_severity
}

TEST(MonitorRules, CompromisedGoesToTheRulesChannelsOnly) {
  Eval e;
  e.service.categories = {"compromised"};
  e.service.severity = "critical";
  const auto all = e.run();
  const auto* c = e.find(all, "ransom");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->channels, (std::vector<std::string>{"pager"}));
  e.service.severity = "high";  // pager takes critical only
  EXPECT_TRUE(e.find(e.run(), "ransom")->channels.empty());
}

TEST(MonitorRules, NewDatasetComparesTwoObservationsOfAnOpenStore) {
  Eval e;
  e.previous = record_of(e.service);
  e.previous->metadata = {{"databases", {"app"}}};
  e.latest = record_of(e.service);
  e.latest->metadata = {{"databases", {"app", {{"name", "stolen_copy"}}}},
                        {"indices", {{{"index", "logs-2027"}}}}};
  const auto all = e.run();
  const auto* c = e.find(all, "datasets");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->detail["datasets"],
            nlohmann::json::array({"databases/stolen_copy", "indices/logs-2027"}));
  // A store that was not open before: its datasets are not "new in an open store".
  e.previous->verdict.kind = VerdictKind::auth_required;
  EXPECT_EQ(e.find(e.run(), "datasets"), nullptr);
  // Nothing added.
  e.previous = e.latest;
  EXPECT_EQ(e.find(e.run(), "datasets"), nullptr);
}

TEST(MonitorRules, GrowthAndNewServiceFollowTheCatalogsEvents) {
  Eval e;
  EXPECT_EQ(e.find(e.run(), "growth"), nullptr);
  e.events.push_back(event("data_grew", {{"from_bytes", 1000}, {"to_bytes", 5'000'000}}));
  const auto all = e.run();
  const auto* c = e.find(all, "growth");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->detail["to_bytes"], 5'000'000);
  // new_service is filtered to asset edge: the lab service does not fire it...
  e.events.push_back(event("new_service"));
  EXPECT_EQ(e.find(e.run(), "fresh"), nullptr);
  // ...an edge one does, and goes to edge_chat too.
  e.service.address = "127.0.1.7";
  const auto edge = e.run();
  const auto* f = e.find(edge, "fresh");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->asset, "edge");
  EXPECT_EQ(f->channels, (std::vector<std::string>{"hook", "edge_chat"}));
}

TEST(MonitorRules, CertificateExpiringReadsTheRecordsNotAfter) {
  Eval e;
  e.latest = record_of(e.service);
  e.latest->tls = TlsInfo{};
  e.latest->tls->subject = "CN=db.lab.test";
  e.latest->tls->not_after = "2027-02-10T12:00:00Z";  // 10 days from now
  const auto all = e.run();
  const auto* c = e.find(all, "cert");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->detail["expired"], false);
  EXPECT_NE(c->summary.find("certificate expires 2027-02-10T12:00:00Z"), std::string::npos);
  e.latest->tls->not_after = "2027-03-31T12:00:00Z";  // 59 days: outside 14d
  EXPECT_EQ(e.find(e.run(), "cert"), nullptr);
  e.latest->tls->not_after = "2027-01-01T00:00:00Z";
  EXPECT_EQ(e.find(e.run(), "cert")->detail["expired"], true);
  e.latest->tls->not_after = "soon";
  EXPECT_EQ(e.find(e.run(), "cert"), nullptr);
}

TEST(MonitorRules, ExposureReopenedNeedsARemediatedIncidentAndBecameOpen) {
  Eval e;
  e.events.push_back(event("became_open"));
  EXPECT_EQ(e.find(e.run(), "reopened"), nullptr);
  e.remediated = true;
  EXPECT_NE(e.find(e.run(), "reopened"), nullptr);
  e.events.clear();
  EXPECT_EQ(e.find(e.run(), "reopened"), nullptr);
}

TEST(MonitorRules, RepeatOnlyWhenSomethingChanged) {
  // A store holding data (an empty one turning non-empty changes what the alert says).
  auto holding = [](Eval& x) {
    x.service.record_count = 10;
    x.service.data_bytes = 1000;
  };
  Eval e;
  holding(e);
  const auto first = e.find(e.run(), "open") ? *e.find(e.run(), "open") : AlertCandidate{};
  ASSERT_FALSE(first.alert_id.empty());
  Eval empty;
  EXPECT_NE(empty.find(empty.run(), "open")->content_hash, first.content_hash);
  const std::chrono::seconds day(86400);
  EXPECT_TRUE(should_notify(std::nullopt, first, day, kNow));
  const FiringState sent{kNow, first.content_hash, first.state_hash};
  // The same exposure seen again, however late: nothing changed, no repeat.
  EXPECT_FALSE(should_notify(sent, first, day, kNow + 60'000));
  EXPECT_FALSE(should_notify(sent, first, day, kNow + 30 * kDay));
  // The volume changed: a repeat, but only once the interval passed.
  Eval grown;
  holding(grown);
  grown.service.record_count = 50'000;
  grown.service.data_bytes = 9'000'000;
  const auto more = *grown.find(grown.run(), "open");
  EXPECT_EQ(more.content_hash, first.content_hash);
  EXPECT_NE(more.state_hash, first.state_hash);
  EXPECT_FALSE(should_notify(sent, more, day, kNow + kDay - 1));
  EXPECT_TRUE(should_notify(sent, more, day, kNow + kDay));
  // What the alert says changed (severity): at once.
  Eval worse;
  holding(worse);
  worse.service.severity = "critical";
  const auto crit = *worse.find(worse.run(), "open");
  EXPECT_NE(crit.content_hash, first.content_hash);
  EXPECT_TRUE(should_notify(sent, crit, day, kNow + 1));
}

TEST(MonitorRules, SilencesMatchAssetServiceRuleUntilExpiry) {
  Eval e;
  const auto c = *e.find(e.run(), "open");
  EXPECT_TRUE(silence_matches("", "", "", kNow - 1, kNow + 1, c, kNow));
  EXPECT_TRUE(silence_matches("lab", "127.0.0.5:6379", "open", kNow, kNow + 1, c, kNow));
  EXPECT_FALSE(silence_matches("edge", "", "", kNow - 1, kNow + 1, c, kNow));
  EXPECT_FALSE(silence_matches("", "127.0.0.5:6380", "", kNow - 1, kNow + 1, c, kNow));
  EXPECT_FALSE(silence_matches("", "", "pii", kNow - 1, kNow + 1, c, kNow));
  EXPECT_FALSE(silence_matches("", "", "", kNow - 10, kNow, c, kNow));      // expired
  EXPECT_FALSE(silence_matches("", "", "", kNow + 1, kNow + 10, c, kNow));  // not yet
}

TEST(MonitorRules, DatasetNamesAndTimes) {
  ServiceRecord r;
  r.metadata = {{"collections", {"b", "a", "a", {{"name", "c"}}, 7}},
                {"buckets_unlisted", {"x"}},
                {"tables", "not a list"}};
  EXPECT_EQ(dataset_names(r),
            (std::vector<std::string>{"collections/a", "collections/b", "collections/c"}));
  EXPECT_EQ(parse_iso8601_ms("2027-01-31T12:00:00Z"), kNow);
  EXPECT_EQ(parse_iso8601_ms("2000-02-29T23:59:59.250Z"), 951'868'799'000);
  EXPECT_EQ(parse_iso8601_ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_FALSE(parse_iso8601_ms("2027-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601_ms("2027-01-31 12:00:00"));
  EXPECT_FALSE(parse_iso8601_ms(""));
}

}  // namespace
}  // namespace lw::monitor
