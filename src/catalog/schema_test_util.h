#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "catalog/db.h"
#include "catalog/migrations/migrations.h"
#include "catalog/postgres/pg_db.h"
#include "catalog/sqlite/sqlite_db.h"

namespace lw::catalog::testing {

// A catalog at `where` as the code of schema `version` made it: the migrations up to `version`,
// recorded in schema_version, nothing newer. Returns the open connection for the test to add
// rows of that schema, or nullptr after a test failure naming what went wrong. `backend` is
// "sqlite" or "postgres" (BackendTest's GetParam()).
inline std::unique_ptr<Db> catalog_of_version(const std::string& backend, const std::string& where,
                                              int version, std::int64_t applied_ms) {
  std::unique_ptr<Db> db;
  if (backend == "postgres") {
    auto pg = PgDb::connect(where);
    if (!pg) {
      ADD_FAILURE() << pg.error().describe();
      return nullptr;
    }
    db = std::move(*pg);
  } else {
    auto lite = SqliteDb::open(where, std::chrono::milliseconds(1000));
    if (!lite) {
      ADD_FAILURE() << lite.error().describe();
      return nullptr;
    }
    db = std::move(*lite);
  }
  auto ok = db->exec_script(
      "CREATE TABLE schema_version (version BIGINT PRIMARY KEY, applied_ms BIGINT NOT NULL, "
      "description TEXT NOT NULL DEFAULT '')");
  for (const auto& m : migrations()) {
    if (!ok || m.version > version) break;
    ok = db->exec_script(backend == "postgres" ? m.postgres_sql : m.sqlite_sql);
    if (!ok) break;
    const SqlValue v[] = {std::int64_t{m.version}, applied_ms, std::string(m.description)};
    auto row = db->execute(
        "INSERT INTO schema_version (version, applied_ms, description) VALUES (?, ?, ?)", v);
    if (!row) ok = tl::unexpected(row.error());
  }
  if (!ok) {
    ADD_FAILURE() << "making a catalog of schema " << version << ": " << ok.error().describe();
    return nullptr;
  }
  return db;
}

}  // namespace lw::catalog::testing
