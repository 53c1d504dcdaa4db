#pragma once

#include <gtest/gtest.h>

#include <string>

#include "catalog/catalog_test_util.h"

namespace lw::catalog::testing {

// A test run once per backend: GetParam() is "sqlite" or "postgres". SetUp gives location_ a
// fresh catalog location (a new database on the PostgreSQL server scripts/pg starts, or
// `sqlite_file` under a temporary folder). Without a PostgreSQL server the test skips only when
// the binaries are absent outside CI, and fails otherwise (LW_REQUIRE_POSTGRES).
class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  explicit BackendTest(std::string sqlite_file = "catalog.db")
      : sqlite_file_(std::move(sqlite_file)) {}

  void SetUp() override {
    if (GetParam() == "postgres") {
      LW_REQUIRE_POSTGRES(pg_);
      location_ = pg_->fresh_database();
      ASSERT_FALSE(location_.empty()) << "createdb failed";
    } else {
      location_ = (dir_.path() / sqlite_file_).string();
    }
  }

  TempDir dir_;
  PgServer* pg_ = nullptr;
  std::string location_;

 private:
  std::string sqlite_file_;
};

}  // namespace lw::catalog::testing
