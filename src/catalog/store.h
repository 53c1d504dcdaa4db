#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/service_record.h"

namespace lw::catalog {

// failed: the scan cannot run (its stored configuration no longer builds a target space);
// --resume never picks it again.
enum class ScanStatus { running, interrupted, done, failed };
std::string_view to_string(ScanStatus) noexcept;

// One scan: its configuration (to resume it) and its progress checkpoint.
struct ScanInfo {
  std::string id;
  std::string config_json;  // the canonical scan configuration, opaque to the catalog
  ScanStatus status = ScanStatus::running;
  std::string checkpoint_json;      // progress, opaque to the catalog; written with every batch
  std::string output_path;          // JSON Lines file of the scan, if any
  std::uint64_t output_offset = 0;  // bytes of that file that belong to committed batches
  std::int64_t started_ms = 0;
  std::int64_t finished_ms = 0;
};

// The catalog. Every write of a batch is one transaction: its records and the scan's
// checkpoint land together or not at all, so a resumed scan neither loses nor doubles a record.
class Store {
 public:
  virtual ~Store() = default;
  virtual Result<void> begin_scan(const ScanInfo&) = 0;
  // The most recent scan that did not finish and did not fail (or the one with `id`), if any.
  virtual Result<std::optional<ScanInfo>> resumable_scan(std::optional<std::string> id) = 0;
  virtual Result<void> commit_batch(std::string_view scan_id, std::span<const ServiceRecord>,
                                    std::string_view checkpoint_json,
                                    std::uint64_t output_offset) = 0;
  virtual Result<void> set_scan_status(std::string_view scan_id, ScanStatus,
                                       std::int64_t when_ms) = 0;
  // Every record the scan stored, in insertion order.
  virtual Result<std::vector<ServiceRecord>> scan_records(std::string_view scan_id) = 0;
};

// Opens (and migrates) the catalog at `location`: a file path for SQLite, or a
// postgresql:// URL. Creates parent folders of a SQLite path.
Result<std::unique_ptr<Store>> open_store(std::string_view location);

// True for a postgresql:// (or postgres://) URL: the catalog then lives in PostgreSQL.
bool is_postgres_url(std::string_view location) noexcept;

// $XDG_DATA_HOME/leakwatch/catalog.db, or ~/.local/share/leakwatch/catalog.db.
std::string default_catalog_path();

}  // namespace lw::catalog
