#include "api/token.h"

#include <gtest/gtest.h>

#include <set>

namespace lw::api {
namespace {

TEST(Token, GeneratedTokensHaveThePrefixAndDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto t = generate_token();
    ASSERT_TRUE(t) << t.error().describe();
    EXPECT_TRUE(t->starts_with("lw_"));
    EXPECT_EQ(t->size(), 3u + 43u);  // 32 bytes in unpadded base64url
    EXPECT_TRUE(bearer_token("Bearer " + *t).has_value());
    seen.insert(*t);
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST(Token, HashIsSha256Hex) {
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  EXPECT_EQ(hash_token("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(hash_token("lw_a"), hash_token("lw_b"));
}

TEST(Token, BearerHeaderParsing) {
  EXPECT_EQ(bearer_token("Bearer lw_x"), std::optional<std::string_view>("lw_x"));
  EXPECT_EQ(bearer_token("bearer lw_x"), std::optional<std::string_view>("lw_x"));
  EXPECT_FALSE(bearer_token("Basic dXNlcjpwYXNz"));
  EXPECT_FALSE(bearer_token("Bearer "));
  EXPECT_FALSE(bearer_token("Bearer a b"));
  EXPECT_FALSE(bearer_token("Bearer " + std::string(kMaxTokenChars + 1, 'a')));
  EXPECT_FALSE(bearer_token(""));
}

TEST(Token, RolesAreOrdered) {
  EXPECT_EQ(parse_role("responder"), Role::responder);
  EXPECT_FALSE(parse_role("root"));
  EXPECT_FALSE(parse_role("Admin"));
  EXPECT_TRUE(role_allows(Role::admin, Role::responder));
  EXPECT_TRUE(role_allows(Role::responder, Role::viewer));
  EXPECT_FALSE(role_allows(Role::viewer, Role::responder));
  EXPECT_FALSE(role_allows(Role::responder, Role::admin));
  for (auto r : {Role::viewer, Role::responder, Role::admin})
    EXPECT_EQ(parse_role(to_string(r)), r);
}

}  // namespace
}  // namespace lw::api
