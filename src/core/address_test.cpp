#include "core/address.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

namespace lw {

TEST(Address, ParsesBothFamilies) {
  auto a = Address::parse("127.0.0.1");
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->v6);
  EXPECT_EQ(a->v4(), 0x7f000001u);
  EXPECT_EQ(a->to_string(), "127.0.0.1");

  auto b = Address::parse("::1");
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->v6);
  EXPECT_EQ(b->value, u128{1});
  EXPECT_EQ(b->to_string(), "::1");

  auto c = Address::parse("2001:db8::ff");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->to_string(), "2001:db8::ff");
}

TEST(Address, RejectsGarbage) {
  for (const char* bad : {"", "1.2.3", "256.1.1.1", "1.2.3.4.5", "abc", "::g", "1.2.3.4 "}) {
    auto r = Address::parse(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
    }
  }
}

TEST(Cidr, ParsesBlocks) {
  auto r = parse_cidr("10.0.0.0/8");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first.to_string(), "10.0.0.0");
  EXPECT_EQ(r->last.to_string(), "10.255.255.255");
  EXPECT_EQ(r->size(), u128{1} << 24);
  EXPECT_EQ(r->to_string(), "10.0.0.0/8");

  auto one = parse_cidr("127.0.0.1/32");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->size(), u128{1});

  auto v6 = parse_cidr("2001:db8::/126");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->size(), u128{4});
}

TEST(Cidr, RejectsBadBlocks) {
  for (const char* bad :
       {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "10.0.0.1/8", "/8", "10.0.0.0/-1", "::/129"}) {
    auto r = parse_cidr(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().where, bad);
    }
  }
  auto hint = parse_cidr("10.0.0.1/8");
  ASSERT_FALSE(hint);
  EXPECT_NE(hint.error().message.find("10.0.0.0/8"), std::string::npos);
}

TEST(DashRange, ParsesAndRejects) {
  auto r = parse_dash_range("10.0.0.1-10.0.0.9");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size(), u128{9});
  EXPECT_EQ(r->to_string(), "10.0.0.1-10.0.0.9");
  EXPECT_FALSE(parse_dash_range("10.0.0.9-10.0.0.1"));
  EXPECT_FALSE(parse_dash_range("10.0.0.1-::1"));
  EXPECT_FALSE(parse_dash_range("10.0.0.1-"));
}

}  // namespace lw

namespace lw {

TEST(Address, DottedQuadsPrintAsInetNtopPrintsThem) {
  for (std::uint64_t v = 0; v <= 0xFFFFFFFFull; v += 16'777'259) {  // a prime stride
    for (std::uint32_t low : {0u, 9u, 10u, 99u, 100u, 255u}) {
      const auto value = static_cast<std::uint32_t>((v & ~0xFFull) | low);
      in_addr a4{};
      a4.s_addr = htonl(value);
      char want[INET_ADDRSTRLEN] = {};
      inet_ntop(AF_INET, &a4, want, sizeof want);
      ASSERT_EQ(Address::v4_from(value).to_string(), want) << value;
    }
  }
}

}  // namespace lw
