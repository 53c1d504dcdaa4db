#include "api/error_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace lw::api {
namespace {

TEST(ErrorJson, MessageAndField) {
  auto j = nlohmann::json::parse(error_body("limit must be a number", "limit"));
  EXPECT_EQ(j["error"]["message"], "limit must be a number");
  EXPECT_EQ(j["error"]["field"], "limit");
  EXPECT_FALSE(j["error"].contains("column"));
}

TEST(ErrorJson, NoFieldIsNullAndAColumnIsKept) {
  auto j = nlohmann::json::parse(error_body("bad"));
  EXPECT_TRUE(j["error"]["field"].is_null());
  auto q = nlohmann::json::parse(error_body("unknown field", "q", 14));
  EXPECT_EQ(q["error"]["column"], 14);
}

TEST(ErrorJson, InvalidUtf8StaysValidJson) {
  auto text = error_body(std::string("bad \xff\xfe value"), "q");
  EXPECT_FALSE(nlohmann::json::parse(text, nullptr, false).is_discarded());
}

TEST(ErrorJson, StatusOfStoreErrors) {
  EXPECT_EQ(status_of({ErrorCode::not_found, "", ""}), 404);
  EXPECT_EQ(status_of({ErrorCode::invalid_argument, "", ""}), 400);
  EXPECT_EQ(status_of({ErrorCode::too_large, "", ""}), 413);
  EXPECT_EQ(status_of({ErrorCode::database, "", ""}), 500);
}

}  // namespace
}  // namespace lw::api
