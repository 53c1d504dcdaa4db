// How a sweep chooses between SYN discovery and the connect engine, what is refused, and the
// daemon's raw sockets: opened once, CAP_NET_RAW dropped, a sweep of this host's own addresses
// falling back to connect and saying why, once.
#include "monitor/daemon/sweep_discovery.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "net/discovery/syn/capabilities.h"

namespace lw::monitor::daemon {
namespace {

Config config_with(const std::string& scheduling, const std::string& asset) {
  const std::string text = "scheduling:\n  global_rate: 100\n" + scheduling +
                           "assets:\n  - name: lab\n    targets: [127.0.0.1]\n    ports: [6379]\n" +
                           asset + "  - name: edge\n    targets: [127.0.0.2]\n";
  auto c = parse_config(text, "lw.yaml");
  EXPECT_TRUE(c) << c.error().describe();
  return c ? *c : Config{};
}

std::vector<nlohmann::json> lines_of(std::FILE* f) {
  std::rewind(f);
  std::vector<nlohmann::json> out;
  char buf[2048];
  while (std::fgets(buf, sizeof buf, f) != nullptr) out.push_back(nlohmann::json::parse(buf));
  return out;
}

TEST(SweepDiscovery, AutoUsesSynOnlyWithTheSocketsAndARoute) {
  EXPECT_TRUE(choose_discovery(Discovery::automatic, "", "").syn);
  const auto no_cap = choose_discovery(Discovery::automatic, "no CAP_NET_RAW", "");
  EXPECT_FALSE(no_cap.syn);
  EXPECT_EQ(no_cap.reason, "no CAP_NET_RAW");
  const auto no_route = choose_discovery(Discovery::automatic, "", "target 10.0.0.1: no route");
  EXPECT_FALSE(no_route.syn);
  EXPECT_EQ(no_route.reason, "target 10.0.0.1: no route");
  // The sockets' absence is the first reason given.
  EXPECT_EQ(choose_discovery(Discovery::automatic, "no CAP_NET_RAW", "no route").reason,
            "no CAP_NET_RAW");
  EXPECT_TRUE(choose_discovery(Discovery::syn, "", "").syn);
  const auto connect = choose_discovery(Discovery::connect, "", "");
  EXPECT_FALSE(connect.syn);
  EXPECT_EQ(connect.reason, "");
}

TEST(SweepDiscovery, SynWithoutTheCapabilityIsRefusedNamingAssetAndCapability) {
  const auto automatic = config_with("", "");
  EXPECT_TRUE(wants_syn(automatic));
  EXPECT_TRUE(check_syn_available(automatic, "anything"));  // auto falls back, never refused

  const auto syn = config_with("  discovery: syn\n", "    discovery: connect\n");
  const std::string missing = "no CAP_NET_RAW; SYN discovery needs it: docs/syn_discovery.md";
  auto refused = check_syn_available(syn, missing);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::unsupported);
  EXPECT_EQ(refused.error().where, "lw.yaml");
  // 'lab' says connect; 'edge' takes the scheduling's syn.
  EXPECT_NE(refused.error().message.find("asset 'edge'"), std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("scheduling.discovery: syn"), std::string::npos);
  EXPECT_NE(refused.error().message.find("CAP_NET_RAW"), std::string::npos);
  EXPECT_TRUE(check_syn_available(syn, ""));

  const auto connect = config_with("  discovery: connect\n", "");
  EXPECT_FALSE(wants_syn(connect));
  EXPECT_TRUE(check_syn_available(connect, missing));
}

TEST(SweepDiscovery, AllConnectOpensNothingAndKeepsTheCapabilities) {
  const bool had = discovery::syn::has_net_raw();
  auto opened = SweepDiscovery::open(config_with("  discovery: connect\n", ""));
  ASSERT_TRUE(opened) << opened.error().describe();
  EXPECT_NE((*opened)->unavailable(), "");
  EXPECT_EQ(discovery::syn::has_net_raw(), had);
  pipeline::ScanConfig scan;
  auto lease = (*opened)->prepare(Discovery::automatic, "lab", scan, nullptr);
  ASSERT_TRUE(lease);
  EXPECT_EQ(lease->scanner(), nullptr);
  EXPECT_EQ(scan.discovery, "connect");
}

// Root (as the suite runs in CI): the sockets are opened and CAP_NET_RAW is gone afterwards; a
// sweep of this host's own address cannot use raw frames, so `auto` connects and says why, once.
TEST(SweepDiscovery, OpensOnceDropsNetRawAndFallsBackForItsOwnAddresses) {
  if (!discovery::syn::has_net_raw()) GTEST_SKIP() << "needs CAP_NET_RAW (run as root)";
  const auto config = config_with("", "");
  auto opened = SweepDiscovery::open(config);
  ASSERT_TRUE(opened) << opened.error().describe();
  EXPECT_EQ((*opened)->unavailable(), "");
  EXPECT_FALSE(discovery::syn::has_net_raw());
  // A second daemon in this process could no longer open raw sockets: the capability is gone.
  EXPECT_FALSE(discovery::syn::SynScanner::open_unbound());

  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Logger log(LogFormat::json, f);
  for (int sweep = 0; sweep < 3; ++sweep) {
    pipeline::ScanConfig scan;
    scan.ranges = config.asset_targets[0].ranges;
    scan.ports = {6379};
    scan.rate = 100;
    auto lease = (*opened)->prepare(Discovery::automatic, "lab", scan, &log);
    ASSERT_TRUE(lease) << lease.error().describe();
    EXPECT_EQ(lease->scanner(), nullptr);
    EXPECT_EQ(scan.discovery, "connect");
  }
  pipeline::ScanConfig scan;
  scan.ranges = config.asset_targets[0].ranges;
  scan.ports = {6379};
  auto refused = (*opened)->prepare(Discovery::syn, "lab", scan, &log);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().describe().find("127.0.0.1"), std::string::npos);
  const auto lines = lines_of(f);
  std::fclose(f);
  ASSERT_EQ(lines.size(), 1u);  // three sweeps, one line
  EXPECT_EQ(lines[0].at("msg"), "discovery");
  EXPECT_EQ(lines[0].at("level"), "warn");
  EXPECT_EQ(lines[0].at("asset"), "lab");
  EXPECT_EQ(lines[0].at("discovery"), "connect");
  EXPECT_NE(lines[0].at("reason").get<std::string>().find("this host's own"), std::string::npos)
      << lines[0];
}

}  // namespace
}  // namespace lw::monitor::daemon
