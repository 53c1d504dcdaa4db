#include "catalog/sql_store.h"

#include <chrono>
#include <thread>

#include "catalog/migrations/migrations.h"
#include "catalog/record_json.h"

namespace lw::catalog {
namespace {

constexpr int kMaxAttempts = 20;

Result<ScanStatus> parse_status(const std::string& s) {
  for (auto st :
       {ScanStatus::running, ScanStatus::interrupted, ScanStatus::done, ScanStatus::failed}) {
    if (to_string(st) == s) return st;
  }
  return fail(ErrorCode::database, "unknown scan status '" + s + "' in the catalog");
}

constexpr std::string_view kScanColumns =
    "SELECT id, config_json, status, checkpoint_json, output_path, output_offset, started_ms, "
    "finished_ms FROM scans ";

Result<ScanInfo> scan_from_row(const SqlRow& r) {
  ScanInfo s;
  s.id = as_text(r[0]);
  s.config_json = as_text(r[1]);
  auto st = parse_status(as_text(r[2]));
  if (!st) return tl::unexpected(st.error());
  s.status = *st;
  s.checkpoint_json = as_text(r[3]);
  s.output_path = as_text(r[4]);
  s.output_offset = static_cast<std::uint64_t>(as_int(r[5]));
  s.started_ms = as_int(r[6]);
  s.finished_ms = as_int(r[7]);
  return s;
}

}  // namespace

Result<void> SqlStore::in_transaction(const std::function<Result<void>()>& body,
                                      const std::function<Result<bool>()>& landed) {
  const auto deadline = std::chrono::steady_clock::now() + options_.reconnect_budget;
  Error last{ErrorCode::database, "no attempt made", ""};
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    auto once = [&]() -> Result<void> {
      if (auto b = db_->begin(); !b) return b;
      if (auto r = body(); !r) {
        db_->rollback();
        invalidate_cache();
        return r;
      }
      if (auto c = db_->commit(); !c) {
        db_->rollback();
        invalidate_cache();
        return c;
      }
      if (pending_generation_ >= 0) generation_ = pending_generation_;
      pending_generation_ = -1;
      return {};
    }();
    if (once) return once;
    last = once.error();
    if (!db_->connection_lost()) return tl::unexpected(last);
    // The server went away: reconnect with a bounded backoff, then ask whether the commit
    // we lost sight of landed before retrying it, so nothing is lost and nothing doubled.
    auto pause = std::chrono::milliseconds(50);
    for (;;) {
      if (std::chrono::steady_clock::now() > deadline) {
        return fail(ErrorCode::database,
                    "the PostgreSQL server went away and did not come back within " +
                        std::to_string(options_.reconnect_budget.count()) + " ms: " + last.message);
      }
      if (db_->reconnect()) break;
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::milliseconds(1000));
    }
    auto did_land = landed();
    if (did_land && *did_land) return {};
    if (!did_land && !db_->connection_lost()) return tl::unexpected(did_land.error());
  }
  return tl::unexpected(last);
}

Result<void> SqlStore::begin_scan(const ScanInfo& s) {
  const SqlValue params[] = {s.id,
                             s.config_json,
                             std::string(to_string(s.status)),
                             s.checkpoint_json,
                             s.output_path,
                             static_cast<std::int64_t>(s.output_offset),
                             s.started_ms,
                             s.finished_ms};
  // Beginning a scan that exists (a resume) refreshes its configuration and status but keeps
  // its checkpoint, which only commit_batch moves.
  return in_transaction(
      [&]() -> Result<void> {
        auto r = db_->query(
            "INSERT INTO scans (id, config_json, status, checkpoint_json, output_path, "
            "output_offset, started_ms, finished_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET config_json = excluded.config_json, "
            "status = excluded.status, output_path = excluded.output_path",
            params);
        if (!r) return tl::unexpected(r.error());
        return {};
      },
      [] { return Result<bool>(false); });
}

Result<std::optional<ScanInfo>> SqlStore::resumable_scan(std::optional<std::string> id) {
  Result<std::vector<SqlRow>> rows;
  if (id) {
    const SqlValue params[] = {*id};
    rows = db_->query(std::string(kScanColumns) + "WHERE id = ?", params);
  } else {
    rows = db_->query(
        std::string(kScanColumns) +
            "WHERE status NOT IN ('done', 'failed') ORDER BY started_ms DESC, id DESC LIMIT 1",
        {});
  }
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<ScanInfo>{};
  auto s = scan_from_row(rows->front());
  if (!s) return tl::unexpected(s.error());
  return std::optional<ScanInfo>(std::move(*s));
}

Result<void> SqlStore::try_commit(std::string_view scan_id, std::span<const ServiceRecord> records,
                                  std::string_view checkpoint_json, std::uint64_t output_offset,
                                  std::optional<std::int64_t>& batches_before) {
  const SqlValue id[] = {std::string(scan_id)};
  auto batches = db_->query("SELECT batches FROM scans WHERE id = ?", id);
  if (!batches) return tl::unexpected(batches.error());
  if (batches->empty()) {
    return fail(ErrorCode::not_found, "no scan '" + std::string(scan_id) + "' in the catalog");
  }
  if (!batches_before) batches_before = as_int(batches->front()[0]);
  if (auto ok = ingest(scan_id, records); !ok) return ok;
  const SqlValue params[] = {std::string(checkpoint_json), static_cast<std::int64_t>(output_offset),
                             std::string(scan_id)};
  auto up = db_->query(
      "UPDATE scans SET checkpoint_json = ?, output_offset = ?, batches = batches + 1 "
      "WHERE id = ?",
      params);
  if (!up) return tl::unexpected(up.error());
  return {};
}

Result<void> SqlStore::commit_batch(std::string_view scan_id,
                                    std::span<const ServiceRecord> records,
                                    std::string_view checkpoint_json, std::uint64_t output_offset) {
  std::optional<std::int64_t> before;
  return in_transaction(
      [&] { return try_commit(scan_id, records, checkpoint_json, output_offset, before); },
      [&]() -> Result<bool> {
        if (!before) return false;  // it failed before it could have committed anything
        const SqlValue id[] = {std::string(scan_id)};
        auto now = query_value(*db_, "SELECT batches FROM scans WHERE id = ?", id);
        if (!now) return tl::unexpected(now.error());
        return as_int(*now) == *before + 1;
      });
}

Result<void> SqlStore::set_scan_status(std::string_view scan_id, ScanStatus status,
                                       std::int64_t when_ms) {
  const SqlValue params[] = {std::string(to_string(status)),
                             status == ScanStatus::running ? std::int64_t{0} : when_ms,
                             std::string(scan_id)};
  return in_transaction(
      [&]() -> Result<void> {
        auto r = db_->query(
            "UPDATE scans SET status = ?, finished_ms = ? WHERE id = ? RETURNING id", params);
        if (!r) return tl::unexpected(r.error());
        if (r->empty()) {
          return fail(ErrorCode::not_found,
                      "no scan '" + std::string(scan_id) + "' in the catalog");
        }
        return {};
      },
      [] { return Result<bool>(false); });
}

Result<std::vector<ServiceRecord>> SqlStore::scan_records(std::string_view scan_id) {
  const SqlValue id[] = {std::string(scan_id)};
  auto rows = db_->query(
      "SELECT o.time_ms, o.record_json, h.address, s.port, s.transport, o.outcome, o.verdict, "
      "o.product, o.version, o.severity, o.sensitivity, o.data_bytes, o.record_count "
      "FROM observations o JOIN services s ON s.id = o.service_id "
      "JOIN hosts h ON h.id = s.host_id WHERE o.scan_id = ? ORDER BY o.id",
      id);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<ServiceRecord> out;
  out.reserve(rows->size());
  auto opt = [](const SqlValue& v) {
    return is_null(v) ? std::nullopt
                      : std::optional<std::uint64_t>(static_cast<std::uint64_t>(as_int(v)));
  };
  for (const auto& row : *rows) {
    auto j = nlohmann::json::parse(as_text(row[1]), nullptr, false);
    if (j.is_discarded()) return fail(ErrorCode::database, "a stored record is not JSON");
    complete_record_json(
        j,
        StoredColumns{std::string(scan_id), as_int(row[0]), as_text(row[2]),
                      static_cast<std::uint16_t>(as_int(row[3])), as_text(row[4]), as_text(row[5]),
                      as_text(row[6]), as_text(row[7]), as_text(row[8]), as_text(row[9]),
                      static_cast<int>(as_int(row[10])), opt(row[11]), opt(row[12])});
    auto rec = record_from_json(j);
    if (!rec) return tl::unexpected(rec.error());
    rec->time_ms = as_int(row[0]);
    rec->scan_id = std::string(scan_id);
    if (auto s = j.find("samples"); s != j.end() && s->is_object()) {
      rec->sample_count = s->value("count", std::uint32_t{0});
      rec->sample_bytes = s->value("bytes", std::uint64_t{0});
    }
    out.push_back(std::move(*rec));
  }
  return out;
}

Result<int> SqlStore::schema_version() {
  return current_schema_version(*db_);
}

}  // namespace lw::catalog
