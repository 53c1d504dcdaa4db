#include "cli/catalog_open.h"

#include <filesystem>

#include "cli/exit_status.h"

namespace lw::cli {

Result<std::unique_ptr<catalog::Catalog>> open_existing_catalog(const std::string& db) {
  const std::string location = db.empty() ? catalog::default_catalog_path() : db;
  if (!catalog::is_postgres_url(location)) {
    std::error_code ec;
    if (!std::filesystem::exists(location, ec)) {
      return fail(ErrorCode::invalid_argument,
                  "no catalog here (scan or import create one; check --db)", location);
    }
  }
  return catalog::open_catalog(location);
}

int open_failure_status(const Error& e) {
  return e.code == ErrorCode::invalid_argument ? kExitUsage : kExitFailure;
}

}  // namespace lw::cli
