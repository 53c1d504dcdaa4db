#pragma once

#include <atomic>
#include <cstddef>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "catalog/db.h"
#include "core/service_record.h"

namespace lw::catalog {

// The observations table's columns, in insertion order; the first two (id, service_id) are
// left null here and filled by the ingest once ids are known.
inline constexpr std::size_t kObservationColumns = 14;
inline constexpr std::string_view kObservationInsert =
    "INSERT INTO observations (id, service_id, scan_id, time_ms, verdict, outcome, product, "
    "version, severity, sensitivity, data_bytes, record_count, categories, record_json)";

// Builds the observation rows of a batch (the stored record JSON is the costly part) on a
// second thread while the ingest plans the batch and writes hosts and services: on two cores
// the rows are usually ready when the INSERTs need them. Small batches are built inline.
class ObservationRows {
 public:
  ObservationRows(std::span<const ServiceRecord> records, std::string scan_id);
  ~ObservationRows();
  ObservationRows(const ObservationRows&) = delete;
  ObservationRows& operator=(const ObservationRows&) = delete;

  // Blocks until the first `n` rows are built; then they may be read and their id columns set.
  void wait(std::size_t n);
  std::span<SqlValue> values() { return values_; }

 private:
  void build(std::size_t from, std::size_t to);
  void run();

  std::span<const ServiceRecord> records_;
  std::string scan_id_;
  std::vector<SqlValue> values_;
  std::atomic<std::size_t> ready_{0};
  std::atomic<bool> stop_{false};
  std::thread worker_;
};

}  // namespace lw::catalog
