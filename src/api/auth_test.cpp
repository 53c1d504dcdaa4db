// authenticate() over a real SQLite token store.
#include "api/auth.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace lw::api {
namespace {

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lw_api_auth_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto s = catalog::open_token_store((dir_ / "catalog.db").string());
    ASSERT_TRUE(s) << s.error().describe();
    tokens_ = std::move(*s);
  }
  void TearDown() override {
    tokens_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string add(const std::string& name, Role role) {
    auto t = generate_token();
    EXPECT_TRUE(t);
    auto id =
        tokens_->create_token({0, name, std::string(to_string(role)), hash_token(*t), 1, {}, {}});
    EXPECT_TRUE(id) << id.error().describe();
    return *t;
  }

  std::filesystem::path dir_;
  std::unique_ptr<catalog::TokenStore> tokens_;
};

TEST_F(AuthTest, EveryRequestNeedsAToken) {
  // Before any token exists as after: no header, no access (loopback included).
  auto none = authenticate(*tokens_, std::nullopt);
  EXPECT_FALSE(none.principal);
  EXPECT_EQ(none.status, 401);
  EXPECT_NE(none.message.find("token create"), std::string::npos);
  const auto token = add("ci", Role::responder);
  EXPECT_FALSE(authenticate(*tokens_, std::nullopt).principal);
  const std::string header = "Bearer " + token;
  auto ok = authenticate(*tokens_, header);
  ASSERT_TRUE(ok.principal) << ok.message;
  EXPECT_EQ(ok.principal->actor, "ci");
  EXPECT_EQ(ok.principal->role, Role::responder);
}

TEST_F(AuthTest, UnknownRevokedAndMalformedTokensAreRefused) {
  const auto token = add("ops", Role::admin);
  const std::string wrong = "Bearer " + token + "x";
  EXPECT_FALSE(authenticate(*tokens_, wrong).principal);
  EXPECT_FALSE(authenticate(*tokens_, std::string_view("Basic abc")).principal);
  ASSERT_TRUE(tokens_->revoke_token("ops", 2));
  const std::string header = "Bearer " + token;
  auto revoked = authenticate(*tokens_, header);
  EXPECT_FALSE(revoked.principal);
  EXPECT_EQ(revoked.message, "the token is unknown or revoked");
}

}  // namespace
}  // namespace lw::api
