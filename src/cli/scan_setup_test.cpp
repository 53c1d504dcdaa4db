#include "cli/scan_setup.h"

#include <gtest/gtest.h>

namespace lw::cli {
namespace {

Result<std::vector<Address>> no_dns(std::string_view name) {
  return fail(ErrorCode::not_found, "no such host", std::string(name));
}

Result<pipeline::ScanConfig> config_for(ScanArguments a) {
  std::vector<std::string> notes;
  return build_scan_config(a, probes::builtin_probes(), no_dns, notes);
}

}  // namespace

TEST(ScanSetup, BuildsAConfigFromGoodArguments) {
  ScanArguments a;
  a.targets = {"127.0.1.0/30", "127.0.2.1"};
  a.ports = "6379,7000-7001";
  a.seed = "42";
  a.shard = "2/3";
  auto c = config_for(a);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->ports, (std::vector<std::uint16_t>{6379, 7000, 7001}));
  EXPECT_EQ(c->seed, 42u);
  EXPECT_EQ(c->shard_index, 1u);
  EXPECT_EQ(c->shard_count, 3u);
  EXPECT_EQ(c->ranges.size(), 2u);
}

TEST(ScanSetup, EveryBadArgumentNamesItself) {
  struct Case {
    void (*set)(ScanArguments&);
    const char* expected;
  };
  const Case cases[] = {
      {[](ScanArguments& a) { a.targets = {"127.0.0.1/40"}; }, "127.0.0.1/40"},
      {[](ScanArguments& a) { a.targets = {"no-such-host.invalid"}; }, "no-such-host.invalid"},
      {[](ScanArguments& a) { a.targets = {"224.0.0.1"}; }, "224.0.0.1"},
      {[](ScanArguments& a) { a.ports = "99999"; }, "99999"},
      {[](ScanArguments& a) { a.shard = "4/3"; }, "4/3"},
      {[](ScanArguments& a) { a.seed = "x1"; }, "x1"},
      {[](ScanArguments& a) { a.read_timeout = "soon"; }, "soon"},
      {[](ScanArguments& a) { a.probes = "redis,nosuch"; }, "nosuch"},
      {[](ScanArguments& a) { a.input_list = "/nonexistent/targets.txt"; },
       "/nonexistent/targets.txt"},
  };
  for (const auto& c : cases) {
    ScanArguments a;
    a.targets = {"127.0.0.1"};
    c.set(a);
    auto r = config_for(a);
    ASSERT_FALSE(r) << c.expected;
    EXPECT_NE(r.error().describe().find(c.expected), std::string::npos) << r.error().describe();
  }
}

TEST(ScanSetup, DataPortsComeFromTheProbes) {
  const auto ports = data_ports(probes::builtin_probes());
  for (const auto& p : probes::builtin_probes()) {
    for (auto port : p->info().default_ports) {
      EXPECT_NE(std::find(ports.begin(), ports.end(), port), ports.end()) << p->info().id;
    }
  }
}

}  // namespace lw::cli
