#include "api/stores.h"

namespace lw::api {

Result<std::unique_ptr<Stores>> open_stores(const std::string& location) {
  auto catalog = catalog::open_catalog(location);
  if (!catalog) return tl::unexpected(catalog.error());
  auto monitor = catalog::open_monitor_store(location);
  if (!monitor) return tl::unexpected(monitor.error());
  auto tokens = catalog::open_token_store(location);
  if (!tokens) return tl::unexpected(tokens.error());
  return std::make_unique<Stores>(std::move(*catalog), std::move(*monitor), std::move(*tokens));
}

}  // namespace lw::api
