#include "net/discovery/target_set.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <random>

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

std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = "/tmp/lw-target-set-" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(TargetSpecFile, StreamsTokensAndStopsAtTheFirstError) {
  const auto path =
      write_file("stream.txt", "127.0.0.1 # lab\n\n10.0.0.0/8,127.0.0.2\r\nbad\nlater\n");
  std::vector<TargetSpec> seen;
  auto r = read_spec_file(path, [&](const TargetSpec& s) -> Result<void> {
    seen.push_back(s);
    if (s.token == "bad") return fail(ErrorCode::invalid_argument, "bad token", s.origin);
    return {};
  });
  std::remove(path.c_str());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, path + ":4");
  ASSERT_EQ(seen.size(), 4u);  // "later" is never read
  EXPECT_EQ(seen[0].origin, path + ":1");
  EXPECT_EQ(seen[2].token, "127.0.0.2");
  EXPECT_EQ(seen[2].origin, path + ":3");
}

TEST(TargetSpecFile, RefusesOverlongLinesAndMissingFiles) {
  const auto path = write_file("long.txt", "127.0.0.1\n" + std::string(kMaxSpecLineBytes + 1, 'a'));
  auto r = read_spec_file(path, [](const TargetSpec&) -> Result<void> { return {}; });
  std::remove(path.c_str());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, path + ":2");
  EXPECT_FALSE(
      read_spec_file("/nonexistent/x", [](const TargetSpec&) -> Result<void> { return {}; }));
}

TEST(TargetSet, ControlCharactersAreEscapedInMessages) {
  auto set = build({"\x1b]0;title\x07\x1b[2J"});
  ASSERT_FALSE(set);
  EXPECT_NE(set.error().message.find("'\\x1b]0;title\\x07\\x1b[2J'"), std::string::npos)
      << set.error().message;
  for (char c : set.error().describe()) EXPECT_GE(static_cast<unsigned char>(c), 0x20);
  auto cidr = build({"127.0.0.0\x1b/8"});
  ASSERT_FALSE(cidr);
  for (char c : cidr.error().describe()) EXPECT_GE(static_cast<unsigned char>(c), 0x20);
}

TEST(TargetSet, AllOfIPv6NeverWrapsToZero) {
  auto set = build({"::/0"});
  ASSERT_TRUE(set);
  EXPECT_GT(set->address_count, u128{1} << 127);
}

// The builder's merged ranges against a plain per-address model, on random neighbours and
// exclusions (the compaction runs several times).
TEST(TargetSetBuilder, MatchesAPerAddressModel) {
  std::mt19937 rng(7);
  std::vector<bool> in(1u << 18, false);
  TargetSetBuilder b({}, fake_dns);
  auto text = [](std::uint32_t i) { return Address::v4_from(0x0b000000u + i).to_string(); };
  for (int n = 0; n < 200000; ++n) {
    const auto i = static_cast<std::uint32_t>(rng() % in.size());
    in[i] = true;
    ASSERT_TRUE(b.include({text(i), "test"}));
  }
  for (int n = 0; n < 2000; ++n) {
    const auto i = static_cast<std::uint32_t>(rng() % (in.size() - 64));
    const auto len = static_cast<std::uint32_t>(rng() % 64);
    for (std::uint32_t k = i; k <= i + len; ++k) in[k] = false;
    ASSERT_TRUE(b.exclude({text(i) + "-" + text(i + len), "test"}));
  }
  auto set = b.finish();
  ASSERT_TRUE(set);
  std::vector<bool> got(in.size(), false);
  for (const auto& r : set->ranges) {
    for (u128 v = r.first.value; v <= r.last.value; ++v)
      got[static_cast<std::size_t>(v - 0x0b000000u)] = true;
  }
  EXPECT_TRUE(got == in);
  EXPECT_EQ(set->address_count, static_cast<u128>(std::count(in.begin(), in.end(), true)));
  for (std::size_t k = 1; k < set->ranges.size(); ++k) {
    EXPECT_LT(set->ranges[k - 1].last.value + 1, set->ranges[k].first.value);  // merged
  }
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

TEST(TargetSpace, IndexOfInvertsAt) {
  auto set = build({"127.0.0.1-127.0.0.3", "127.0.5.0/31", "127.9.0.0/24"});
  ASSERT_TRUE(set);
  for (const std::vector<std::uint16_t>& ports :
       {std::vector<std::uint16_t>{22, 6379, 9200}, std::vector<std::uint16_t>{9200, 22}}) {
    auto space = TargetSpace::create(*set, ports);
    ASSERT_TRUE(space);
    for (std::uint64_t i = 0; i < space->size(); ++i) {
      EXPECT_EQ(space->index_of(space->at(i)), i);
    }
    EXPECT_FALSE(space->index_of({*Address::parse("127.0.0.4"), 22}));
    EXPECT_FALSE(space->index_of({*Address::parse("127.0.0.0"), 22}));
    EXPECT_FALSE(space->index_of({*Address::parse("127.9.1.0"), 22}));
    EXPECT_FALSE(space->index_of({*Address::parse("127.0.0.1"), 23}));
    EXPECT_FALSE(space->index_of({*Address::parse("::1"), 22}));
  }
  auto list = TargetSpace::of_endpoints({{*Address::parse("127.0.0.1"), 22}});
  ASSERT_TRUE(list);
  EXPECT_FALSE(list->index_of({*Address::parse("127.0.0.1"), 22}));
}

}  // namespace lw::discovery
