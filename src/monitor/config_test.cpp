#include "monitor/config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace lw::monitor {
namespace {

// Host names resolve through the scan's resolver in the daemon; here a fixed table, so the
// tests do not depend on the machine's DNS.
ConfigOptions options() {
  ConfigOptions o;
  o.resolve = [](std::string_view name) -> Result<std::vector<Address>> {
    if (name == "db.lab.test") return std::vector<Address>{*Address::parse("127.0.5.9")};
    return fail(ErrorCode::not_found, "no such host");
  };
  o.getenv = [](const char* n) -> const char* {
    return std::string_view(n) == "LW_TEST_HOOK_KEY" ? "k3y-from-env" : nullptr;
  };
  return o;
}

const char* kValid = R"(catalog: /var/lib/leakwatch/catalog.db
log_format: text
scheduling:
  global_rate: 500
  open_rescan: 20s
grouping:
  group_wait: 10s
assets:
  - name: lab
    targets: [127.0.0.0/24, db.lab.test]
    owner: Data team
    contacts: [dba@example.com]
    ports: [6379, 9200]
    cadence: 2h
  - name: edge
    targets: ["127.0.1.1-127.0.1.9"]
channels:
  - name: hook
    kind: webhook
    url: http://127.0.0.1:9/hook
    secret_env: LW_TEST_HOOK_KEY
rules:
  - name: open
    kind: open_database
  - name: pii
    kind: sensitive_data
    assets: [lab]
    min_severity: high
    families: [pii]
    repeat_interval: 12h
    channels: [hook]
)";

Result<Config> parse(std::string_view text) {
  return parse_config(text, "lw.yaml", options());
}

// The 1-based line of the first line of `text` holding `needle`, so the expected places below
// follow the document instead of a count made by hand.
std::string line_of(std::string_view text, std::string_view needle) {
  const auto at = text.find(needle);
  if (at == std::string_view::npos) return "(not found)";
  return std::to_string(
      1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

std::string error_of(std::string_view text) {
  auto c = parse(text);
  return c ? std::string("(accepted)") : c.error().describe();
}

TEST(MonitorConfig, ParsesEveryPartWithDefaults) {
  auto c = parse(kValid);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(summarize(*c), "2 assets, 2 rules, 1 channel");
  EXPECT_EQ(c->catalog, "/var/lib/leakwatch/catalog.db");
  EXPECT_EQ(c->log_format, LogFormat::text);
  EXPECT_EQ(c->scheduling.global_rate, 500);
  EXPECT_EQ(c->scheduling.open_rescan, std::chrono::seconds(20));
  EXPECT_EQ(c->scheduling.changed_rescan, std::chrono::seconds(60));  // default
  EXPECT_EQ(c->group_wait, std::chrono::seconds(10));
  EXPECT_EQ(c->group_interval, std::chrono::seconds(30));  // default
  EXPECT_EQ(c->assets[0].cadence, std::chrono::hours(2));
  EXPECT_EQ(c->assets[1].cadence, std::chrono::hours(1));  // default
  EXPECT_EQ(c->assets[0].ports, (std::vector<std::uint16_t>{6379, 9200}));
  EXPECT_EQ(c->channels[0].secret, "k3y-from-env");
  EXPECT_EQ(c->rules[1].repeat_interval, std::chrono::hours(12));
  EXPECT_EQ(c->rules[0].repeat_interval, std::chrono::hours(24));  // default
}

TEST(MonitorConfig, AssetForMatchesAddressesAndNames) {
  auto c = parse(kValid);
  ASSERT_TRUE(c);
  EXPECT_EQ(asset_for(*c, "127.0.0.77", {})->name, "lab");
  EXPECT_EQ(asset_for(*c, "127.0.1.5", {})->name, "edge");
  EXPECT_EQ(asset_for(*c, "127.0.5.9", {})->name, "lab");  // the resolved host name
  EXPECT_EQ(asset_for(*c, "10.9.9.9", {"DB.lab.test"})->name, "lab");
  EXPECT_EQ(asset_for(*c, "127.0.1.10", {}), nullptr);
  EXPECT_EQ(asset_for(*c, "not an address", {}), nullptr);
}

TEST(MonitorConfig, ErrorsNameFileLineColumnAndKeyPath) {
  std::string bad = kValid;
  bad.replace(bad.find("[6379, 9200]"), 12, "[6379, 70000]");
  EXPECT_EQ(error_of(bad), "lw.yaml:13:19: assets[0].ports[1]: 70000 is not a port (1-65535)");
}

TEST(MonitorConfig, CadenceIsTenSecondsToThirtyDays) {
  std::string fast = kValid;
  fast.replace(fast.find("    cadence: 2h"), 15, "    cadence: 10s");
  auto c = parse_config(fast, "lw.yaml", options());
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->assets[0].cadence, std::chrono::seconds(10));
  std::string bad = kValid;
  bad.replace(bad.find("    cadence: 2h"), 15, "    cadence: 9s");
  EXPECT_NE(error_of(bad).find("assets[0].cadence"), std::string::npos) << error_of(bad);
  bad = kValid;
  bad.replace(bad.find("    cadence: 2h"), 15, "    cadence: 31d");
  EXPECT_NE(error_of(bad).find("assets[0].cadence"), std::string::npos) << error_of(bad);
}

TEST(MonitorConfig, DiscoveryIsAutoUnlessTheSchedulingOrTheAssetSaysOtherwise) {
  auto c = parse(kValid);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->scheduling.discovery, Discovery::automatic);
  EXPECT_FALSE(c->assets[0].discovery.has_value());
  EXPECT_EQ(discovery_of(*c, c->assets[0]), Discovery::automatic);

  std::string text = kValid;
  text.replace(text.find("  open_rescan: 20s"), 18, "  open_rescan: 20s\n  discovery: connect");
  text.replace(text.find("    cadence: 2h"), 15, "    cadence: 2h\n    discovery: syn");
  c = parse(text);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->scheduling.discovery, Discovery::connect);
  EXPECT_EQ(discovery_of(*c, c->assets[0]), Discovery::syn);      // its own word
  EXPECT_EQ(discovery_of(*c, c->assets[1]), Discovery::connect);  // the scheduling's
  EXPECT_EQ(to_string(Discovery::automatic), "auto");

  std::string bad = kValid;
  bad.replace(bad.find("    cadence: 2h"), 15, "    discovery: raw");
  EXPECT_EQ(error_of(bad), "lw.yaml:" + line_of(bad, "discovery: raw") +
                               ":16: assets[0].discovery: 'raw' is not a discovery (auto, syn, "
                               "connect)");
  bad = kValid;
  bad.replace(bad.find("  open_rescan: 20s"), 18, "  discovery: [syn]");
  EXPECT_NE(error_of(bad).find("scheduling.discovery"), std::string::npos) << error_of(bad);
}

TEST(MonitorConfig, UnknownKeysGetTheClosestKnownOne) {
  std::string bad = kValid;
  bad.replace(bad.find("    cadence: 2h"), 15, "    cadense: 2h");
  EXPECT_EQ(line_of(bad, "cadense"), "14");
  EXPECT_EQ(error_of(bad), "lw.yaml:" + line_of(bad, "cadense") +
                               ":5: assets[0].cadense: unknown key (did you mean 'cadence'?)");
  EXPECT_EQ(error_of("colour: red\n"), "lw.yaml:1:1: colour: unknown key");
}

TEST(MonitorConfig, DuplicatesAreRefused) {
  std::string bad = kValid;
  bad.replace(bad.find("name: edge"), 10, "name: lab");
  EXPECT_EQ(error_of(bad), "lw.yaml:" + line_of(bad, "  - name: lab\n    targets: [\"") +
                               ":11: assets[1].name: asset 'lab' declared twice");
  bad = kValid;
  bad.replace(bad.find("name: pii"), 9, "name: open");
  EXPECT_NE(error_of(bad).find("rules[1].name: rule 'open' declared twice"), std::string::npos);
  EXPECT_NE(error_of("assets: []\nassets: []\n").find("assets: key given twice"),
            std::string::npos);
}

TEST(MonitorConfig, ReferencesMustExist) {
  std::string bad = kValid;
  bad.replace(bad.find("channels: [hook]"), 16, "channels: [pager]");
  EXPECT_EQ(error_of(bad), "lw.yaml:" + line_of(bad, "[pager]") +
                               ":16: rules[1].channels[0]: no channel is named 'pager'");
  bad = kValid;
  bad.replace(bad.find("assets: [lab]"), 13, "assets: [labs]");
  EXPECT_EQ(error_of(bad), "lw.yaml:" + line_of(bad, "[labs]") +
                               ":14: rules[1].assets[0]: no asset is named 'labs'");
}

TEST(MonitorConfig, TargetsGoThroughTheScanParser) {
  std::string bad = kValid;
  bad.replace(bad.find("127.0.0.0/24"), 12, "127.0.0.1/24");
  const auto e = error_of(bad);
  EXPECT_EQ(e.rfind("lw.yaml:10:15: assets[0].targets[0]: target '127.0.0.1/24'", 0), 0u) << e;
  bad = kValid;
  bad.replace(bad.find("db.lab.test"), 11, "nowhere.lab.test");
  EXPECT_NE(error_of(bad).find("assets[0].targets[1]: target 'nowhere.lab.test': cannot resolve"),
            std::string::npos);
}

TEST(MonitorConfig, SecretsNeverInline) {
  std::string bad = kValid;
  bad.replace(bad.find("secret_env: LW_TEST_HOOK_KEY"), 28, "secret: hunter2");
  const auto e = error_of(bad);
  EXPECT_NE(e.find("channels[0].secret: secrets are not written in the config"), std::string::npos);
  EXPECT_EQ(e.find("hunter2"), std::string::npos);
  bad = kValid;
  bad.replace(bad.find("LW_TEST_HOOK_KEY"), 16, "LW_UNSET_VARIABLE");
  EXPECT_NE(error_of(bad).find("'LW_UNSET_VARIABLE' is not set"), std::string::npos);
}

TEST(MonitorConfig, SecretFromAFileIsItsFirstLine) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("lw_monitor_config_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto key = dir / "hook.key";
  std::ofstream(key) << "file-k3y\n";
  std::string text = kValid;
  text.replace(text.find("secret_env: LW_TEST_HOOK_KEY"), 28, "secret_file: " + key.string());
  auto c = parse(text);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->channels[0].secret, "file-k3y");
  std::filesystem::remove(key);
  EXPECT_NE(error_of(text).find("cannot read '" + key.string() + "'"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(MonitorConfig, ChannelCaFileIsKept) {
  std::string text = kValid;
  text.replace(text.find("secret_env: LW_TEST_HOOK_KEY"), 28,
               "secret_env: LW_TEST_HOOK_KEY\n    ca_file: /etc/leakwatch/private-ca.pem");
  auto c = parse(text);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->channels[0].ca_file, "/etc/leakwatch/private-ca.pem");
}

TEST(MonitorConfig, ValuesAreChecked) {
  EXPECT_EQ(error_of("log_format: xml\n"), "lw.yaml:1:13: log_format: 'xml' is not json or text");
  EXPECT_EQ(error_of("scheduling: {open_rescan: 1x}\n"),
            "lw.yaml:1:27: scheduling.open_rescan: '1x' is not a duration from 5s to 86400s (a "
            "number with s, m, h or d)");
  EXPECT_EQ(error_of("assets: [{name: a}]\n"),
            "lw.yaml:1:10: assets[0].targets: an asset needs at least one target");
  EXPECT_EQ(error_of("catalog: x\n"),
            "lw.yaml:1:1: assets: declare at least one asset (a named network to watch)");
  std::string bad = kValid;
  bad.replace(bad.find("kind: open_database"), 19, "kind: open_db");
  EXPECT_NE(error_of(bad).find("rules[0].kind: 'open_db' is not a rule kind"), std::string::npos);
  bad = kValid;
  bad.replace(bad.find("min_severity: high"), 18, "min_severity: severe");
  EXPECT_NE(error_of(bad).find("rules[1].min_severity: 'severe' is not a severity"),
            std::string::npos);
}

TEST(MonitorConfig, BadYamlAndBoundsAreOneMessage) {
  EXPECT_EQ(error_of("").rfind("lw.yaml: the config is empty", 0), 0u);
  EXPECT_EQ(error_of("assets: [\n").rfind("lw.yaml:", 0), 0u);
  EXPECT_NE(error_of("assets: [\n").find("YAML syntax error"), std::string::npos);
  EXPECT_NE(error_of(std::string(100, '[')).find("nested deeper than 32 levels"),
            std::string::npos);
  std::string dashes;
  for (int i = 0; i < 100; ++i) dashes += "- ";
  EXPECT_NE(error_of(dashes + "x\n").find("nested deeper than 32 levels"), std::string::npos);
  EXPECT_NE(error_of(std::string(kMaxConfigBytes + 1, ' ')).find("larger than"), std::string::npos);
  // An alias multiplies nothing: the reader charges each value it reads.
  std::string many = "assets:\n";
  for (std::size_t i = 0; i <= kMaxAssets; ++i) many += "  - {name: a" + std::to_string(i) + "}\n";
  EXPECT_NE(error_of(many).find("assets: more than 1000 items"), std::string::npos);
}

TEST(MonitorConfig, LoadConfigNamesAMissingFile) {
  auto c = load_config("/nonexistent/leakwatch.yaml", options());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().describe(),
            "/nonexistent/leakwatch.yaml: cannot read the config: No such file or directory");
}

TEST(MonitorConfig, ApiSectionIsOffUnlessPresent) {
  auto none = parse(kValid);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->api.enabled);
  auto defaults = parse(std::string(kValid) + "api:\n");
  ASSERT_TRUE(defaults) << defaults.error().describe();
  EXPECT_TRUE(defaults->api.enabled);
  EXPECT_EQ(defaults->api.listen, "127.0.0.1:8642");
  auto tls = parse(std::string(kValid) +
                   "api:\n  listen: 0.0.0.0:8443\n  tls_cert: /etc/lw/cert.pem\n"
                   "  tls_key: /etc/lw/key.pem\n");
  ASSERT_TRUE(tls) << tls.error().describe();
  EXPECT_EQ(tls->api.listen, "0.0.0.0:8443");
  EXPECT_EQ(tls->api.tls_key, "/etc/lw/key.pem");
  auto self =
      parse(std::string(kValid) + "api:\n  listen: \"[::]:8443\"\n  tls_self_signed: true\n");
  ASSERT_TRUE(self) << self.error().describe();
  EXPECT_TRUE(self->api.tls_self_signed);
}

TEST(MonitorConfig, BadApiSectionsNameLineAndKey) {
  const std::string base = kValid;
  const std::string bad_listen = base + "api:\n  listen: localhost:8642\n";
  EXPECT_EQ(error_of(bad_listen),
            "lw.yaml:" + line_of(bad_listen, "listen: localhost") +
                ":11: api.listen: 'localhost:8642' is not ADDRESS:PORT or [IPv6]:PORT (an "
                "address literal, port 0-65535)");
  const std::string plain = base + "api:\n  listen: 0.0.0.0:8642\n";
  EXPECT_NE(error_of(plain).find("api.listen: 0.0.0.0 is off loopback"), std::string::npos)
      << error_of(plain);
  const std::string half = base + "api:\n  tls_cert: /c.pem\n";
  EXPECT_NE(error_of(half).find("tls_cert and tls_key go together"), std::string::npos)
      << error_of(half);
  const std::string both =
      base + "api:\n  tls_cert: /c.pem\n  tls_key: /k.pem\n  tls_self_signed: true\n";
  EXPECT_NE(error_of(both).find("api.tls_self_signed: tls_self_signed and tls_cert/tls_key"),
            std::string::npos)
      << error_of(both);
  const std::string typo = base + "api:\n  listn: 127.0.0.1:1\n";
  EXPECT_NE(error_of(typo).find("lw.yaml:" + line_of(typo, "listn")), std::string::npos)
      << error_of(typo);
  EXPECT_NE(error_of(typo).find("listn"), std::string::npos) << error_of(typo);
}

}  // namespace
}  // namespace lw::monitor
