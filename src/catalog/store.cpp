#include "catalog/store.h"

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "catalog/catalog.h"
#include "catalog/migrations/migrations.h"
#include "catalog/postgres/pg_db.h"
#include "catalog/sql_store.h"
#include "catalog/sqlite/sqlite_db.h"

namespace lw::catalog {

std::string_view to_string(ScanStatus s) noexcept {
  switch (s) {
    case ScanStatus::running:
      return "running";
    case ScanStatus::interrupted:
      return "interrupted";
    case ScanStatus::done:
      return "done";
    case ScanStatus::failed:
      return "failed";
  }
  return "running";
}

bool is_postgres_url(std::string_view location) noexcept {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string default_catalog_path() {
  std::filesystem::path base;
  const char* xdg = std::getenv("XDG_DATA_HOME");
  if (xdg && *xdg == '/') {
    base = xdg;
  } else {
    const char* home = std::getenv("HOME");
    if (!home || !*home) {
      const passwd* pw = getpwuid(getuid());
      home = pw && pw->pw_dir ? pw->pw_dir : "/tmp";
    }
    base = std::filesystem::path(home) / ".local" / "share";
  }
  const auto dir = base / "leakwatch";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);  // open_store reports a failure clearly
  return (dir / "catalog.db").string();
}

Result<std::unique_ptr<Db>> open_catalog_db(std::string_view location,
                                            const CatalogOptions& options) {
  std::unique_ptr<Db> db;
  if (is_postgres_url(location)) {
    auto pg = PgDb::connect(std::string(location));
    if (!pg) return tl::unexpected(pg.error());
    db = std::move(*pg);
  } else {
    if (location.empty()) return fail(ErrorCode::invalid_argument, "empty catalog path");
    const std::filesystem::path path(location);
    if (path.has_parent_path()) {
      std::error_code ec;
      std::filesystem::create_directories(path.parent_path(), ec);
      if (ec) {
        return fail(ErrorCode::io_error, "cannot create the catalog folder: " + ec.message(),
                    path.parent_path().string());
      }
    }
    auto lite = SqliteDb::open(path.string(), options.busy_timeout);
    if (!lite) return tl::unexpected(lite.error());
    db = std::move(*lite);
  }
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  if (auto v = migrate(*db, now); !v) return tl::unexpected(v.error());
  return db;
}

Result<std::unique_ptr<Catalog>> open_catalog(std::string_view location,
                                              const CatalogOptions& options) {
  auto db = open_catalog_db(location, options);
  if (!db) return tl::unexpected(db.error());
  return std::unique_ptr<Catalog>(std::make_unique<SqlStore>(std::move(*db), options));
}

Result<std::unique_ptr<Store>> open_store(std::string_view location) {
  auto c = open_catalog(location);
  if (!c) return tl::unexpected(c.error());
  return std::unique_ptr<Store>(std::move(*c));
}

}  // namespace lw::catalog
