#include "net/discovery/target_set.h"

#include <gtest/gtest.h>

#include "net/discovery/port_set.h"
#include "net/discovery/target_space.h"

namespace lw::discovery {
namespace {

Result<std::vector<Address>> fake_dns(std::string_view name) {
  if (name == "db.lab.test") return std::vector<Address>{*Address::parse("127.0.1.1")};
  if (name == "mcast.lab.test") return std::vector<Address>{*Address::parse("224.0.0.9")};
  return fail(ErrorCode::not_found, "no such host");
}

Result<TargetSet> build(std::vector<std::string> include, std::vector<std::string> exclude = {},
                        TargetOptions options = {}) {
  std::vector<TargetSpec> inc, exc;
  for (auto& t : include) inc.push_back({t, "argument"});
  for (auto& t : exclude) exc.push_back({t, "--exclude"});
  return build_target_set(inc, exc, options, fake_dns);
}

}  // namespace

TEST(TargetSet, ParsesEveryForm) {
  auto set = build({"127.0.0.1", "127.0.0.8/30", "127.0.1.1-127.0.1.3", "::1", "db.lab.test"});
  ASSERT_TRUE(set) << set.error().describe();
  EXPECT_EQ(set->address_count, u128{1 + 4 + 3 + 1});  // db.lab.test is 127.0.1.1 again
  ASSERT_NE(set->name_of(*Address::parse("127.0.1.1")), nullptr);
  EXPECT_EQ(*set->name_of(*Address::parse("127.0.1.1")), "db.lab.test");
  EXPECT_EQ(set->name_of(*Address::parse("127.0.0.1")), nullptr);
}

TEST(TargetSet, BadTokensNameTheTokenAndOrigin) {
  for (const char* bad :
       {"127.0.0.1/33", "300.1.1.1-300.1.1.2", "nosuch.lab.test", "a b!", "10.0.0.5-10.0.0.1"}) {
    auto set = build({bad});
    ASSERT_FALSE(set) << bad;
    EXPECT_NE(set.error().message.find(bad), std::string::npos) << set.error().message;
    EXPECT_EQ(set.error().where, "argument");
  }
}

TEST(TargetSet, NeverScannedRangesAreRefusedWhenNamed) {
  auto m = build({"224.0.0.1"});
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find("multicast"), std::string::npos);
  EXPECT_FALSE(build({"mcast.lab.test"}));
  EXPECT_FALSE(build({"0.1.2.3"}));
  EXPECT_FALSE(build({"255.255.255.255"}));
}

TEST(TargetSet, SpecialRangesAreCutFromWiderTargetsUnlessAllowed) {
  auto wide = build({"126.0.0.0/7"});  // 126/8 and loopback 127/8
  ASSERT_TRUE(wide);
  EXPECT_EQ(wide->address_count, u128{1} << 24);
  EXPECT_FALSE(wide->notes.empty());

  TargetOptions allow;
  allow.allow_loopback = true;
  auto allowed = build({"126.0.0.0/7"}, {}, allow);
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->address_count, u128{1} << 25);

  auto named = build({"10.1.0.0/16"});  // inside 10/8: named explicitly
  ASSERT_TRUE(named);
  EXPECT_EQ(named->address_count, u128{1} << 16);

  auto internet = build({"0.0.0.0/0"});
  ASSERT_TRUE(internet);
  EXPECT_LT(internet->address_count, u128{1} << 32);
  EXPECT_GT(internet->address_count, u128{3'700'000'000});
}

TEST(TargetSet, ExclusionsSubtract) {
  auto set = build({"127.0.0.0/24"}, {"127.0.0.0/25", "127.0.0.200"});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->address_count, u128{127});
  EXPECT_EQ(set->ranges.size(), 2u);
  auto all = build({"127.0.0.1"}, {"127.0.0.0/8"});
  ASSERT_FALSE(all);
  auto bad = build({"127.0.0.1"}, {"127.0.0.0/99"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where, "--exclude");
  EXPECT_EQ(bad.error().message.rfind("exclusion", 0), 0u);
}

TEST(TargetSet, SpecTextHasLinesAndComments) {
  auto specs = split_spec_text("127.0.0.1 # lab\n\n10.0.0.0/8,127.0.0.2\r\n# all\n", "hosts.txt");
  ASSERT_EQ(specs.size(), 3u);
  EXPECT_EQ(specs[0].origin, "hosts.txt:1");
  EXPECT_EQ(specs[1].token, "10.0.0.0/8");
  EXPECT_EQ(specs[2].origin, "hosts.txt:3");
}

TEST(PortSet, ParsesListsRangesAndNames) {
  NamedPortSets named{{"data", {6379, 11211}}};
  auto p = parse_port_spec("80,6379,8000-8002,data", named);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, (std::vector<std::uint16_t>{80, 6379, 8000, 8001, 8002, 11211}));
  auto all = parse_port_spec("all", named);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 65535u);
  for (const char* bad : {"", "0", "65536", "80,", "9-3", "x", "1-", "123456"}) {
    auto r = parse_port_spec(bad, named);
    EXPECT_FALSE(r) << bad;
  }
  auto unknown = parse_port_spec("databases", named);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("'databases'"), std::string::npos);
}

TEST(TargetSpace, MapsEveryIndexToADistinctTarget) {
  auto set = build({"127.0.0.1-127.0.0.3", "127.0.5.0/31"});
  ASSERT_TRUE(set);
  auto space = TargetSpace::create(*set, {22, 6379});
  ASSERT_TRUE(space);
  EXPECT_EQ(space->size(), 10u);
  std::set<std::pair<std::string, int>> seen;
  for (std::uint64_t i = 0; i < space->size(); ++i) {
    const auto t = space->at(i);
    seen.insert({t.address.to_string(), t.port});
  }
  EXPECT_EQ(seen.size(), 10u);
  EXPECT_TRUE(seen.count({"127.0.5.1", 6379}));
  auto huge = build({"2001:db9::/32"});
  ASSERT_TRUE(huge);
  EXPECT_FALSE(TargetSpace::create(*huge, {80}));
}

}  // namespace lw::discovery
