#include "cli/catalog_open.h"

#include <filesystem>

#include "cli/exit_status.h"

namespace lw::cli {

namespace {

// `db`, or the default catalog; a SQLite path must exist.
Result<std::string> existing_location(const std::string& db) {
  std::string location = db.empty() ? catalog::default_catalog_path() : db;
  if (!catalog::is_postgres_url(location)) {
    std::error_code ec;
    if (!std::filesystem::exists(location, ec)) {
      return fail(ErrorCode::invalid_argument,
                  "no catalog here (scan or import create one; check --db)", location);
    }
  }
  return location;
}

}  // namespace

Result<std::unique_ptr<catalog::Catalog>> open_existing_catalog(const std::string& db) {
  auto location = existing_location(db);
  if (!location) return tl::unexpected(location.error());
  return catalog::open_catalog(*location);
}

Result<std::unique_ptr<catalog::MonitorStore>> open_existing_monitor_store(const std::string& db) {
  auto location = existing_location(db);
  if (!location) return tl::unexpected(location.error());
  return catalog::open_monitor_store(*location);
}

Result<std::unique_ptr<catalog::TokenStore>> open_existing_token_store(const std::string& db) {
  auto location = existing_location(db);
  if (!location) return tl::unexpected(location.error());
  return catalog::open_token_store(*location);
}

Result<std::string> existing_catalog_location(const std::string& db) {
  return existing_location(db);
}

int open_failure_status(const Error& e) {
  return e.code == ErrorCode::invalid_argument ? kExitUsage : kExitFailure;
}

}  // namespace lw::cli
