#pragma once

#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "catalog/monitor/monitor_store.h"
#include "catalog/tokens/token_store.h"
#include "core/result.h"

namespace lw::cli {

// Opens the catalog a reading command (search, host, history, export, prune) works on: `db`, or
// the default catalog when empty. A SQLite path that does not exist is refused (invalid_argument)
// instead of being created empty; only scan and import create a catalog.
Result<std::unique_ptr<catalog::Catalog>> open_existing_catalog(const std::string& db);

// The same for the monitor's state (incidents, silences, rescan, outbox): the catalog at `db`
// (or the default), refused when a SQLite path does not exist.
Result<std::unique_ptr<catalog::MonitorStore>> open_existing_monitor_store(const std::string& db);

// The API's tokens (token create|list|revoke) in the catalog at `db` (or the default), refused
// when a SQLite path does not exist.
Result<std::unique_ptr<catalog::TokenStore>> open_existing_token_store(const std::string& db);

// `db`, or the default catalog, checked as above (api opens its stores itself).
Result<std::string> existing_catalog_location(const std::string& db);

// The exit status for a failure to open the catalog: 2 for bad input (a missing file, a
// malformed PostgreSQL URL), 1 for a runtime failure (a server that does not answer, a corrupt
// file).
int open_failure_status(const Error& e);

}  // namespace lw::cli
