#include "cli/scan_setup.h"

#include <gtest/gtest.h>

#include "cli/scan_output.h"

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

TEST(ScanSetup, EmptyPortListIsRefused) {
  ScanArguments a;
  a.targets = {"127.0.0.1"};
  a.ports = "";
  auto r = config_for(a);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, "-p");
}

TEST(ScanSetup, MoreThanASlash8NeedsTheFlag) {
  ScanArguments slash8;
  slash8.targets = {"11.0.0.0/8"};  // exactly 2^24: allowed
  slash8.ports = "80";
  EXPECT_TRUE(config_for(slash8));
  for (const char* wide : {"0.0.0.0/0", "12.0.0.0/7", "11.0.0.0/8,12.0.0.1"}) {
    ScanArguments a;
    a.targets = {wide};
    a.ports = "80";
    auto r = config_for(a);
    ASSERT_FALSE(r) << wide;
    EXPECT_EQ(r.error().where, "--allow-huge-scan");
    EXPECT_NE(r.error().message.find("more than 2^24"), std::string::npos) << r.error().message;
    a.allow_huge_scan = true;
    auto allowed = config_for(a);
    ASSERT_TRUE(allowed) << allowed.error().describe();
  }
}

TEST(ScanSetup, ImpossibleSpacesAreRefusedEvenWithTheFlag) {
  for (const char* v6 : {"::/0", "2001:db8::/64", "2000::/3"}) {
    ScanArguments a;
    a.targets = {v6};
    a.allow_huge_scan = true;
    auto r = config_for(a);
    ASSERT_FALSE(r) << v6;
    EXPECT_NE(r.error().message.find("too large"), std::string::npos) << r.error().message;
  }
  pipeline::ScanConfig stored;
  stored.ranges = {*parse_cidr("::/1"), *parse_cidr("8000::/1")};  // all of IPv6: 2^128
  stored.ports = {80};
  EXPECT_FALSE(check_runnable(stored, probes::builtin_probes()));
}

TEST(ScanSetup, CountsPrintAsExactDecimals) {
  EXPECT_EQ(decimal(0), "0");
  EXPECT_EQ(decimal(u128{1} << 64), "18446744073709551616");  // 2001:db8::/64
  EXPECT_EQ(decimal(~u128{0}), "340282366920938463463374607431768211455");
}

TEST(ScanSetup, NumericOptionsRefuseNanInfinityAndNegatives) {
  const std::pair<const char*, const char*> cases[] = {
      {"--rate", "nan"},        {"--rate", "NaN"},        {"--rate", "inf"},
      {"--rate", "-1"},         {"--concurrency", "nan"}, {"--concurrency", "-4294967295"},
      {"--per-host", "-1"},     {"--workers", "65"},      {"--max-reply-bytes", "inf"},
      {"--max-attempts", "-0"}, {"--rate", "0x10"},
  };
  for (const auto& [option, value] : cases) {
    CLI::App app;
    ScanArguments a;
    add_scan_options(app, a);
    std::vector<std::string> args{"127.0.0.1", value, option};  // CLI11 reads it reversed
    try {
      app.parse(args);
      ADD_FAILURE() << option << " " << value << " accepted; rate " << a.rate;
    } catch (const CLI::ParseError& e) {
      EXPECT_NE(std::string(e.what()).find(option), std::string::npos) << e.what();
    }
  }
}

TEST(ScanSetup, InputListStopsAtTheFirstBadLineAndEscapesIt) {
  const std::string path = "/tmp/lw-scan-setup-il.txt";
  {
    std::ofstream out(path);
    out << "127.0.0.1\n127.0.0.2 # lab\n";
    out << "\x1b[31m127.0.0.3\n";
    for (int i = 0; i < 1000; ++i) out << "not a target!\n";
  }
  ScanArguments a;
  a.input_list = path;
  auto r = config_for(a);
  std::remove(path.c_str());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, path + ":3");
  EXPECT_NE(r.error().message.find("'\\x1b[31m127.0.0.3'"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().describe().find('\x1b'), std::string::npos);
}

TEST(ScanSetup, InputListIsHeldAsRanges) {
  const std::string path = "/tmp/lw-scan-setup-il2.txt";
  {
    std::ofstream out(path);
    for (int i = 0; i < 70000; ++i) {
      out << "127." << 1 + i / 65536 << "." << i / 256 % 256 << "." << i % 256 << "\n";
    }
    out << "db.lab.test\n";
  }
  ScanArguments a;
  a.input_list = path;
  a.ports = "80";
  std::vector<std::string> notes;
  auto c = build_scan_config(
      a, probes::builtin_probes(),
      [](std::string_view name) -> Result<std::vector<Address>> {
        if (name == "db.lab.test") return std::vector<Address>{*Address::parse("127.0.0.9")};
        return fail(ErrorCode::not_found, "no such host");
      },
      notes);
  std::remove(path.c_str());
  ASSERT_TRUE(c) << c.error().describe();
  ASSERT_EQ(c->ranges.size(), 2u);
  EXPECT_EQ(c->ranges[1].size(), u128{70000});
  ASSERT_EQ(c->names.size(), 1u);
  EXPECT_EQ(c->names[0].second, "db.lab.test");
}

TEST_F(ScanFrom, FormatErrorsNameTheFromFormatOption) {
  ScanArguments unknown;
  unknown.from = masscan_list();
  unknown.from_format = "nosuch";
  auto r = config_for(unknown);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, "--from-format");
  ScanArguments undetectable;
  undetectable.from = write("junk.txt", "hello\n");
  r = config_for(undetectable);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("--from-format"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find(" --format"), std::string::npos) << r.error().message;
}

TEST(ScanSetup, DataPortsComeFromTheProbes) {
  const auto ports = data_ports(probes::builtin_probes());
  for (const auto& p : probes::builtin_probes()) {
    for (auto port : p->info().default_ports) {
      EXPECT_NE(std::find(ports.begin(), ports.end(), port), ports.end()) << p->info().id;
    }
  }
}

TEST(ScanSetup, DefaultCredentialsAreOffUnlessAskedFor) {
  for (const bool given : {false, true}) {
    CLI::App app;
    ScanArguments a;
    add_scan_options(app, a);
    std::vector<std::string> args{"127.0.1.81"};  // CLI11 reads it reversed
    if (given) args.push_back("--default-credentials");
    app.parse(args);
    EXPECT_EQ(a.default_credentials, given);
    auto c = config_for(a);
    ASSERT_TRUE(c) << c.error().describe();
    EXPECT_EQ(c->default_credentials, given);
    EXPECT_TRUE(c->default_logins);  // independent of --no-default-logins
  }
}

}  // namespace lw::cli

namespace lw::cli {

TEST(ScanSetup, SynDiscoveryOptionsAreCheckedAndStored) {
  ScanArguments a;
  a.targets = {"10.77.0.0/24"};
  a.ports = "6379";
  a.discovery = "syn";
  a.syn_rate = 50000;
  a.retries = 2;
  a.cooldown = "5s";
  a.interface = "eth1";
  auto c = config_for(a);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->discovery, "syn");
  EXPECT_EQ(c->syn.rate, 50000);
  EXPECT_EQ(c->syn.retries, 2u);
  EXPECT_EQ(c->syn.cooldown, std::chrono::seconds(5));
  auto back = pipeline::scan_config_from_json(pipeline::to_json(*c));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->discovery, "syn");
  EXPECT_EQ(back->syn.interface, "eth1");
  EXPECT_EQ(back->syn.cooldown, std::chrono::seconds(5));

  auto v6 = a;
  v6.targets = {"2001:db8::/120"};
  auto refused = config_for(v6);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().describe().find("2001:db8::"), std::string::npos);
  EXPECT_NE(refused.error().describe().find("IPv4 only"), std::string::npos);

  auto long_cooldown = a;
  long_cooldown.cooldown = "1h";
  EXPECT_FALSE(config_for(long_cooldown));

  auto connect_with_interface = a;
  connect_with_interface.discovery = "connect";
  auto wrong = config_for(connect_with_interface);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().where, "--interface");
}

TEST(ScanSetup, StoredScansWithoutDiscoveryUseTheConnectEngine) {
  ScanArguments a;
  a.targets = {"127.0.1.0/30"};
  a.ports = "6379";
  auto c = config_for(a);
  ASSERT_TRUE(c);
  auto j = pipeline::to_json(*c);
  j.erase("discovery");
  j.erase("syn");
  auto back = pipeline::scan_config_from_json(j);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->discovery, "connect");
  j["discovery"] = "ping";
  EXPECT_FALSE(pipeline::scan_config_from_json(j));
}

}  // namespace lw::cli
