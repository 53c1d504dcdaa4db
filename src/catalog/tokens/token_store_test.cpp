// The token store on SQLite (lw_catalog_tests) and PostgreSQL (lw_catalog_pg_tests).
#include "catalog/tokens/token_store.h"

#include <gtest/gtest.h>

#include <string>

#include "catalog/backend_test.h"

namespace lw::catalog {
namespace {

constexpr std::int64_t kT0 = 1'790'000'000'000;

std::string hash_of(char c) {
  return std::string(64, c);
}

class TokenSuite : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto s = open_token_store(location_);
    ASSERT_TRUE(s) << s.error().describe();
    store_ = std::move(*s);
  }
  std::unique_ptr<TokenStore> store_;
};

TEST_P(TokenSuite, CreateFindTouchRevoke) {
  auto id = store_->create_token({0, "ci", "viewer", hash_of('a'), kT0, {}, {}});
  ASSERT_TRUE(id) << id.error().describe();
  auto found = store_->find_active(hash_of('a'));
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->name, "ci");
  EXPECT_EQ((*found)->role, "viewer");
  EXPECT_FALSE((*found)->last_used_ms);
  ASSERT_TRUE(store_->touch_token(*id, kT0 + 5));
  auto listed = store_->list_tokens();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().last_used_ms, kT0 + 5);
  EXPECT_TRUE(listed->front().token_hash.empty()) << "list never hands out hashes";
  EXPECT_EQ(*store_->active_token_count(), 1);

  auto revoked = store_->revoke_token("ci", kT0 + 10);
  ASSERT_TRUE(revoked) << revoked.error().describe();
  EXPECT_EQ(revoked->revoked_ms, kT0 + 10);
  auto gone = store_->find_active(hash_of('a'));
  ASSERT_TRUE(gone);
  EXPECT_FALSE(gone->has_value());
  EXPECT_EQ(*store_->active_token_count(), 0);
  auto again = store_->revoke_token("ci", kT0 + 20);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->revoked_ms, kT0 + 10) << "a second revoke keeps the first time";
}

TEST_P(TokenSuite, RevokeByIdAndUnknownNames) {
  auto id = store_->create_token({0, "ops", "admin", hash_of('b'), kT0, {}, {}});
  ASSERT_TRUE(id);
  auto r = store_->revoke_token(std::to_string(*id), kT0 + 1);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->name, "ops");
  auto missing = store_->revoke_token("nobody", kT0);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_P(TokenSuite, RefusesDuplicatesBadRolesAndBadHashes) {
  ASSERT_TRUE(store_->create_token({0, "ci", "viewer", hash_of('c'), kT0, {}, {}}));
  auto dup = store_->create_token({0, "ci", "admin", hash_of('d'), kT0, {}, {}});
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().message.find("exists already"), std::string::npos);
  auto role = store_->create_token({0, "x", "root", hash_of('e'), kT0, {}, {}});
  ASSERT_FALSE(role);
  EXPECT_NE(role.error().message.find("unknown role 'root'"), std::string::npos);
  auto hash = store_->create_token({0, "y", "viewer", "not-a-hash", kT0, {}, {}});
  ASSERT_FALSE(hash);
  auto lookup = store_->find_active("'; DROP TABLE api_tokens; --");
  ASSERT_TRUE(lookup);
  EXPECT_FALSE(lookup->has_value());
}

#ifndef LW_CATALOG_BACKEND
#define LW_CATALOG_BACKEND "sqlite"
#endif
INSTANTIATE_TEST_SUITE_P(Backends, TokenSuite, ::testing::Values(LW_CATALOG_BACKEND),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace lw::catalog
