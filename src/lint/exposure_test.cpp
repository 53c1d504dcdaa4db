#include "lint/exposure.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace lw::lint {
namespace {

TEST(Exposure, ClassifiesHosts) {
  EXPECT_EQ(classify_host("0.0.0.0"), HostScope::all);
  EXPECT_EQ(classify_host("*"), HostScope::all);
  EXPECT_EQ(classify_host("[::]"), HostScope::all);
  EXPECT_EQ(classify_host(""), HostScope::all);
  EXPECT_EQ(classify_host("127.0.0.1"), HostScope::loopback);
  EXPECT_EQ(classify_host("-::1"), HostScope::loopback);
  EXPECT_EQ(classify_host("localhost"), HostScope::loopback);
  EXPECT_EQ(classify_host("_local_"), HostScope::loopback);
  EXPECT_EQ(classify_host("10.0.0.5"), HostScope::specific);
  EXPECT_EQ(classify_host("_site_"), HostScope::specific);
}

TEST(Exposure, HostOfAddresses) {
  EXPECT_EQ(host_of("http://0.0.0.0:2379"), "0.0.0.0");
  EXPECT_EQ(host_of("https://127.0.0.1:2379/x"), "127.0.0.1");
  EXPECT_EQ(host_of(":8086"), "");
  EXPECT_EQ(host_of("[::1]:80"), "[::1]");
  EXPECT_EQ(host_of("::1"), "::1");
  EXPECT_EQ(host_of("tcp://0.0.0.0:2375"), "0.0.0.0");
}

TEST(Exposure, PortRanges) {
  auto r = parse_port_range("6000-7000");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 6000);
  EXPECT_EQ(r->last, 7000);
  const auto in = database_ports_in(*r);
  EXPECT_TRUE(
      std::any_of(in.begin(), in.end(), [](const DatabasePort& p) { return p.port == 6379; }));
  EXPECT_TRUE(
      std::any_of(in.begin(), in.end(), [](const DatabasePort& p) { return p.port == 6333; }));
  EXPECT_EQ(parse_port_range("*")->last, 65535);
  EXPECT_FALSE(parse_port_range("7000-6000"));
  EXPECT_FALSE(parse_port_range("70000"));
  EXPECT_FALSE(parse_port_range("[parameters('port')]"));
  EXPECT_TRUE(database_ports_in(*parse_port_range("443")).empty());
}

TEST(Exposure, DatabasePortListIsSortedAndKnown) {
  const auto ports = database_ports();
  EXPECT_TRUE(
      std::is_sorted(ports.begin(), ports.end(),
                     [](const DatabasePort& a, const DatabasePort& b) { return a.port < b.port; }));
  for (int p : {6379, 27017, 9200, 9300, 5432, 3306, 11211, 5984, 8086, 2379, 2181,  8123,
                9000, 9042,  8529, 7474, 5601, 9092, 6333,  8000, 1433, 1521, 50070, 9870}) {
    EXPECT_TRUE(database_service(static_cast<std::uint16_t>(p))) << p;
  }
  EXPECT_FALSE(database_service(443));
}

TEST(Exposure, InternetSources) {
  for (const char* s : {"*", "0.0.0.0/0", "::/0", "Internet", "Any"})
    EXPECT_TRUE(is_internet_source(s)) << s;
  for (const char* s : {"10.0.0.0/8", "VirtualNetwork", "AzureLoadBalancer"})
    EXPECT_FALSE(is_internet_source(s)) << s;
}

}  // namespace
}  // namespace lw::lint
