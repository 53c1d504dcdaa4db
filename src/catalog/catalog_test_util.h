#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/service_record.h"

namespace lw::catalog::testing {

// A folder under /tmp removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

ServiceRecord make_record(const std::string& ip, std::uint16_t port, VerdictKind verdict,
                          std::int64_t time_ms, std::optional<std::uint64_t> data_bytes = {},
                          std::vector<std::string> categories = {});

// A real PostgreSQL server started with scripts/pg for the whole test binary, or nullptr with
// the reason (the postgres binaries are absent, or present but the server did not start).
class PgServer {
 public:
  static PgServer* instance(std::string* why_not);
  // Whether a test without a server may skip: only when the binaries are absent, and never
  // under CI (environment CI=true), where an absent PostgreSQL is a broken machine. A server
  // that cannot be started where the binaries are present always fails the test.
  static bool absence_may_skip();
  // A new empty database on the server; returns its URL.
  std::string fresh_database();
  bool restart();
  bool stop();
  bool start();
  ~PgServer();

 private:
  TempDir dir_;
  std::string url_;
  int next_db_ = 0;
};

// In a test body (or SetUp): `var` = the shared server; skips the test with the reason when
// PgServer::absence_may_skip(), fails it otherwise.
#define LW_REQUIRE_POSTGRES(var)                                                          \
  std::string lw_pg_why_;                                                                 \
  var = ::lw::catalog::testing::PgServer::instance(&lw_pg_why_);                          \
  if (var == nullptr) {                                                                   \
    if (::lw::catalog::testing::PgServer::absence_may_skip()) GTEST_SKIP() << lw_pg_why_; \
    FAIL() << lw_pg_why_;                                                                 \
  }

// The scripts/pg command line for `verb` on `dir`, run through the shell; stdout returned.
std::optional<std::string> run_pg_script(const std::string& verb, const std::string& dir);

}  // namespace lw::catalog::testing
