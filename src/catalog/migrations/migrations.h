#pragma once

#include <span>
#include <string_view>

#include "catalog/db.h"
#include "core/result.h"

namespace lw::catalog {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sqlite_sql;
  std::string_view postgres_sql;
};

// Every migration, oldest first. Versions are consecutive from 1; a released one never changes.
std::span<const Migration> migrations() noexcept;
int latest_schema_version() noexcept;

// Brings the catalog to the latest version in one transaction; refuses a newer catalog.
Result<int> migrate(Db& db, std::int64_t now_ms);
Result<int> current_schema_version(Db& db);

}  // namespace lw::catalog
