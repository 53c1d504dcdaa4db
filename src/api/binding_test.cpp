#include "api/binding.h"

#include <gtest/gtest.h>

namespace lw::api {
namespace {

TEST(Binding, ParsesAddressesAndPorts) {
  auto a = parse_listen("127.0.0.1:8642");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8642);
  auto b = parse_listen("[::1]:0");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->host, "::1");
  EXPECT_EQ(b->port, 0);
  for (const char* bad : {"localhost:80", "127.0.0.1", "127.0.0.1:70000", "127.0.0.1:-1", "::1:80",
                          "[::1]80", "1.2.3:80", "127.0.0.1:8x"}) {
    auto r = parse_listen(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().where, "--listen");
    }
  }
}

TEST(Binding, OnlyTheTwoDefaultLoopbacksServeWithoutTlsAndTokens) {
  EXPECT_TRUE(check_exposure("127.0.0.1", false, 0));
  EXPECT_TRUE(check_exposure("::1", false, 0));
  auto plain = check_exposure("127.0.0.5", false, 3);
  ASSERT_FALSE(plain);
  EXPECT_NE(plain.error().message.find("without TLS"), std::string::npos);
  auto no_token = check_exposure("0.0.0.0", true, 0);
  ASSERT_FALSE(no_token);
  EXPECT_NE(no_token.error().message.find("no API token"), std::string::npos);
  EXPECT_TRUE(check_exposure("127.0.0.5", true, 1));
}

}  // namespace
}  // namespace lw::api
