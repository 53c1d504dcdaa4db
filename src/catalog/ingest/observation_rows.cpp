#include "catalog/ingest/observation_rows.h"

#include <system_error>

#include "catalog/events/derive.h"
#include "catalog/record_json.h"
#include "core/json_text.h"

namespace lw::catalog {
namespace {

constexpr std::size_t kInlineBelow = 512;
constexpr std::size_t kPublishEvery = 64;

SqlValue opt_int(const std::optional<std::uint64_t>& v) {
  if (!v) return std::monostate{};
  return static_cast<std::int64_t>(*v);
}

std::string categories_json(const ServiceRecord& r) {
  if (r.findings.empty()) return "[]";
  std::string out = "[";
  for (const auto& c : record_categories(r)) {
    if (out.size() > 1) out += ',';
    append_json_string(c, out);
  }
  return out + "]";
}

}  // namespace

ObservationRows::ObservationRows(std::span<const ServiceRecord> records, std::string scan_id)
    : records_(records),
      scan_id_(std::move(scan_id)),
      values_(records.size() * kObservationColumns) {
  if (records.size() >= kInlineBelow) {
    try {
      worker_ = std::thread([this] { run(); });
      return;
    } catch (const std::system_error&) {
      // no thread to be had: build inline below
    }
  }
  build(0, records_.size());
  ready_.store(records_.size(), std::memory_order_release);
}

ObservationRows::~ObservationRows() {
  stop_.store(true, std::memory_order_relaxed);
  if (worker_.joinable()) worker_.join();
}

void ObservationRows::wait(std::size_t n) {
  for (;;) {
    const auto ready = ready_.load(std::memory_order_acquire);
    if (ready >= n) return;
    ready_.wait(ready, std::memory_order_acquire);
  }
}

void ObservationRows::run() {
  for (std::size_t from = 0; from < records_.size(); from += kPublishEvery) {
    if (stop_.load(std::memory_order_relaxed)) break;
    const auto to = std::min(records_.size(), from + kPublishEvery);
    build(from, to);
    ready_.store(to, std::memory_order_release);
    ready_.notify_all();
  }
}

void ObservationRows::build(std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i) {
    const auto& r = records_[i];
    auto* row = values_.data() + i * kObservationColumns;
    std::string record_json;
    record_json.reserve(384);
    append_record_json(r, RecordMembers::detail, record_json);
    row[2] = scan_id_;
    row[3] = r.time_ms;
    row[4] = std::string(to_string(r.verdict.kind));
    row[5] = std::string(to_string(r.outcome));
    row[6] = r.product;
    row[7] = r.version;
    row[8] = r.severity;
    row[9] = std::int64_t{r.sensitivity};
    row[10] = opt_int(r.data_bytes);
    row[11] = opt_int(r.record_count);
    row[12] = categories_json(r);
    row[13] = std::move(record_json);
  }
}

}  // namespace lw::catalog
