#pragma once

#include <memory>
#include <mutex>
#include <utility>

#include "catalog/catalog.h"
#include "catalog/monitor/monitor_store.h"
#include "catalog/tokens/token_store.h"
#include "core/result.h"

namespace lw::api {

// The catalog connections the handlers share. A connection serves one thread at a time, so
// every use goes through with(), under one mutex; the API's reads are short (pages are capped).
class Stores {
 public:
  Stores(std::unique_ptr<catalog::Catalog> catalog, std::unique_ptr<catalog::MonitorStore> monitor,
         std::unique_ptr<catalog::TokenStore> tokens)
      : catalog_(std::move(catalog)), monitor_(std::move(monitor)), tokens_(std::move(tokens)) {}

  template <class F>
  auto with(F&& f) {
    std::lock_guard lock(mu_);
    return std::forward<F>(f)(*catalog_, *monitor_, *tokens_);
  }

 private:
  std::mutex mu_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<catalog::MonitorStore> monitor_;
  std::unique_ptr<catalog::TokenStore> tokens_;
};

// Opens the three connections to the catalog at `location`.
Result<std::unique_ptr<Stores>> open_stores(const std::string& location);

}  // namespace lw::api
