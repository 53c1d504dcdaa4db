#include "api/client_address.h"

#include <gtest/gtest.h>

namespace lw::api {
namespace {

TrustedProxies proxies(std::vector<std::string> entries) {
  auto p = TrustedProxies::parse(entries);
  EXPECT_TRUE(p) << p.error().describe();
  return p ? *p : TrustedProxies{};
}

TEST(ClientAddressTest, WithoutTrustedProxiesThePeerIsTheClient) {
  const auto none = proxies({});
  EXPECT_EQ(none.client_of("10.0.0.9", "203.0.113.7"), "10.0.0.9");
}

TEST(ClientAddressTest, AnUntrustedPeerCannotNameAnotherAddress) {
  const auto p = proxies({"127.0.0.1"});
  EXPECT_EQ(p.client_of("10.0.0.9", "203.0.113.7"), "10.0.0.9");
}

TEST(ClientAddressTest, ATrustedProxysHopIsReadFromTheRight) {
  const auto p = proxies({"127.0.0.1", "10.1.0.0/16"});
  EXPECT_EQ(p.client_of("127.0.0.1", "203.0.113.7"), "203.0.113.7");
  // The client wrote a fake first hop; the proxies appended what they saw.
  EXPECT_EQ(p.client_of("127.0.0.1", "1.2.3.4, 198.51.100.2, 10.1.3.4"), "198.51.100.2");
  EXPECT_EQ(p.client_of("127.0.0.1", " 2001:db8::7 "), "2001:db8::7");
  EXPECT_EQ(p.client_of("127.0.0.1", ""), "127.0.0.1");
}

TEST(ClientAddressTest, GarbageEndsTheWalkAtTheLastGoodHop) {
  const auto p = proxies({"127.0.0.1", "10.1.0.0/16"});
  EXPECT_EQ(p.client_of("127.0.0.1", "not-an-ip"), "127.0.0.1");
  EXPECT_EQ(p.client_of("127.0.0.1", "junk, 10.1.0.5"), "10.1.0.5");
  EXPECT_EQ(p.client_of("127.0.0.1", "198.51.100.2, ;DROP"), "127.0.0.1");
}

TEST(ClientAddressTest, HopsAreCapped) {
  const auto p = proxies({"10.0.0.0/8"});
  std::string chain = "198.51.100.2";
  for (int i = 0; i < 100; ++i) chain += ", 10.0.0.1";
  EXPECT_EQ(p.client_of("10.0.0.1", chain), "10.0.0.1");  // stopped within the cap
}

TEST(ClientAddressTest, BadEntriesAreRefusedByName) {
  auto bad = TrustedProxies::parse({"127.0.0.1", "proxy.example"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("'proxy.example'"), std::string::npos);
  EXPECT_FALSE(TrustedProxies::parse({"10.0.0.1/8"}));  // not the first address of its block
  EXPECT_FALSE(TrustedProxies::parse(std::vector<std::string>(65, "127.0.0.1")));
}

}  // namespace
}  // namespace lw::api
