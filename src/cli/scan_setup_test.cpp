#include "cli/scan_setup.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

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

// A masscan -oL file (the format masscan 1.3 writes) in a temporary folder.
class ScanFrom : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/lw-scan-from-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  std::string masscan_list() {
    return write("masscan.txt",
                 "#masscan\n"
                 "open tcp 6379 127.0.9.1 1700000000\n"
                 "open tcp 9200 127.0.9.2 1700000001\n"
                 "open tcp 6379 127.0.9.1 1700000002\n"
                 "open tcp 11211 127.0.9.3 1700000003\n"
                 "# end\n");
  }
  std::string dir_;
};

using Endpoints = std::vector<std::pair<Address, std::uint16_t>>;
Address addr(const char* text) {
  return *Address::parse(text);
}

TEST_F(ScanFrom, ProbesExactlyThePairsTheFileNames) {
  ScanArguments a;
  a.from = masscan_list();
  auto c = config_for(a);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->endpoints,
            (Endpoints{
                {addr("127.0.9.1"), 6379}, {addr("127.0.9.2"), 9200}, {addr("127.0.9.3"), 11211}}));
  EXPECT_EQ(c->ports, (std::vector<std::uint16_t>{6379, 9200, 11211}));
  // Stored with the scan, so --resume repeats it.
  auto back = pipeline::scan_config_from_json(pipeline::to_json(*c));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->endpoints, c->endpoints);
}

TEST_F(ScanFrom, PortsAndExclusionsFilterThePairs) {
  ScanArguments a;
  a.from = masscan_list();
  a.ports = "6379,9200";
  a.exclude = {"127.0.9.2"};
  auto c = config_for(a);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->endpoints, (Endpoints{{addr("127.0.9.1"), 6379}}));
}

TEST_F(ScanFrom, BadFilesAndMixedTargetsNameTheProblem) {
  ScanArguments mixed;
  mixed.from = masscan_list();
  mixed.targets = {"127.0.0.1"};
  auto r = config_for(mixed);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().describe().find("--from"), std::string::npos);

  ScanArguments truncated;
  truncated.from = write("cut.txt", "#masscan\nopen tcp 6379 127.0.9.1 17000\nopen tcp 63");
  r = config_for(truncated);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().describe().find("cut.txt"), std::string::npos) << r.error().describe();

  ScanArguments missing;
  missing.from = dir_ + "/none.txt";
  r = config_for(missing);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().describe().find("none.txt"), std::string::npos) << r.error().describe();

  ScanArguments blocked;
  blocked.from = write("blocked.txt", "#masscan\nopen tcp 80 224.0.0.1 1700000000\n# end\n");
  r = config_for(blocked);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().describe().find("224.0.0.1"), std::string::npos) << r.error().describe();
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
