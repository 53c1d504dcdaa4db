// The monitor store's plumbing (checks, transactions, opening) and its small tables: silences,
// the scheduler's state and rescan queue, the event cursors.
#include "catalog/monitor/sql_monitor_store.h"

#include <algorithm>

#include "catalog/sql_store.h"

namespace lw::catalog {

Result<void> check_key(std::string_view field, std::string_view value, bool required) {
  if (required && value.empty()) {
    return fail(ErrorCode::invalid_argument, std::string(field) + " is empty");
  }
  if (value.size() > kMaxKeyBytes) {
    return fail(ErrorCode::invalid_argument,
                std::string(field) + " is " + std::to_string(value.size()) +
                    " bytes long; the limit is " + std::to_string(kMaxKeyBytes));
  }
  return {};
}

Result<void> check_text(std::string_view field, std::string_view value) {
  if (value.size() > kMaxTextBytes) {
    return fail(ErrorCode::invalid_argument,
                std::string(field) + " is " + std::to_string(value.size()) +
                    " bytes long; the limit is " + std::to_string(kMaxTextBytes));
  }
  return {};
}

Result<std::string> json_text(std::string_view field, const nlohmann::json& value) {
  auto text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > kMaxJsonBytes) {
    return fail(ErrorCode::invalid_argument,
                std::string(field) + " is " + std::to_string(text.size()) +
                    " bytes of JSON; the limit is " + std::to_string(kMaxJsonBytes));
  }
  return text;
}

Result<void> check_one_of(std::string_view field, std::string_view value,
                          std::initializer_list<std::string_view> allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return {};
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a.empty() ? "\"\"" : a);
  return fail(ErrorCode::invalid_argument,
              "unknown " + std::string(field) + " '" + std::string(value) + "' (" + list + ")");
}

nlohmann::json parse_json_column(const SqlValue& v) {
  auto j = nlohmann::json::parse(as_text(v), nullptr, false);
  return j.is_discarded() ? nlohmann::json() : j;
}

std::optional<std::int64_t> optional_int(const SqlValue& v) {
  return is_null(v) ? std::nullopt : std::optional<std::int64_t>(as_int(v));
}

SqlValue optional_value(const std::optional<std::int64_t>& v) {
  return v ? SqlValue(*v) : SqlValue();
}

std::int64_t clamp_limit(std::size_t limit) noexcept {
  return static_cast<std::int64_t>(std::min(limit, kMaxListLimit));
}

std::string cut_text(std::string_view text) {
  if (text.size() <= kMaxTextBytes) return std::string(text);
  std::size_t end = kMaxTextBytes;
  // Cut on a UTF-8 character boundary.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "...";
}

Result<std::unique_ptr<MonitorStore>> open_monitor_store(std::string_view location,
                                                         const CatalogOptions& options) {
  auto db = open_catalog_db(location, options);
  if (!db) return tl::unexpected(db.error());
  return std::unique_ptr<MonitorStore>(std::make_unique<SqlMonitorStore>(std::move(*db)));
}

Result<void> SqlMonitorStore::in_transaction(const std::function<Result<void>()>& body) {
  for (int attempt = 0;; ++attempt) {
    bool committing = false;
    in_transaction_ = true;
    auto once = [&]() -> Result<void> {
      if (auto b = db_->begin(); !b) return b;
      if (auto r = body(); !r) {
        db_->rollback();
        return r;
      }
      committing = true;
      if (auto c = db_->commit(); !c) {
        db_->rollback();
        return c;
      }
      return {};
    }();
    in_transaction_ = false;
    if (once || !db_->connection_lost()) return once;
    // The server went away. Reconnect so the next call works; run the body again only when
    // the failure came before the commit (nothing can have landed).
    if (auto r = db_->reconnect(); !r || committing || attempt > 0) return once;
  }
}

Result<std::vector<SqlRow>> SqlMonitorStore::read_rows(std::string_view sql,
                                                       std::span<const SqlValue> params) {
  auto rows = db_->query(sql, params);
  if (rows || in_transaction_ || !db_->connection_lost() || !db_->reconnect()) return rows;
  return db_->query(sql, params);
}

Result<SqlValue> SqlMonitorStore::read_value(std::string_view sql,
                                             std::span<const SqlValue> params) {
  auto rows = read_rows(sql, params);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty() || rows->front().empty()) return SqlValue();
  return std::move(rows->front().front());
}

// Silences.

Result<std::int64_t> SqlMonitorStore::add_silence(const SilenceRow& s) {
  for (const auto& [field, value] :
       {std::pair<std::string_view, std::string_view>{"asset", s.asset},
        {"service", s.service},
        {"rule", s.rule}}) {
    if (auto ok = check_key(field, value, false); !ok) return tl::unexpected(ok.error());
  }
  if (auto ok = check_key("author", s.author); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_text("comment", s.comment); !ok) return tl::unexpected(ok.error());
  if (s.expires_ms <= s.created_ms) {
    return fail(ErrorCode::invalid_argument,
                "the silence expires (" + std::to_string(s.expires_ms) +
                    ") before it is created (" + std::to_string(s.created_ms) + ")");
  }
  std::int64_t id = 0;
  const SqlValue params[] = {s.asset,      s.service, s.rule,   s.created_ms,
                             s.expires_ms, s.author,  s.comment};
  auto ok = in_transaction([&]() -> Result<void> {
    auto r = db_->insert(
        "INSERT INTO monitor_silences (asset, service, rule, created_ms, expires_ms, author, "
        "comment) VALUES (?, ?, ?, ?, ?, ?, ?)",
        params);
    if (!r) return tl::unexpected(r.error());
    id = *r;
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return id;
}

Result<std::vector<SilenceRow>> SqlMonitorStore::load_silences(std::string_view where,
                                                               std::span<const SqlValue> params) {
  auto rows = read_rows(
      "SELECT id, asset, service, rule, created_ms, expires_ms, author, comment "
      "FROM monitor_silences " +
          std::string(where),
      params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<SilenceRow> out;
  for (const auto& r : *rows) {
    out.push_back(SilenceRow{as_int(r[0]), as_text(r[1]), as_text(r[2]), as_text(r[3]),
                             as_int(r[4]), as_int(r[5]), as_text(r[6]), as_text(r[7])});
  }
  return out;
}

Result<std::vector<SilenceRow>> SqlMonitorStore::list_silences(bool include_expired,
                                                               std::int64_t now_ms,
                                                               std::size_t limit) {
  const SqlValue params[] = {include_expired ? std::int64_t{1} : std::int64_t{0}, now_ms,
                             clamp_limit(limit)};
  return load_silences("WHERE ? = 1 OR expires_ms > ? ORDER BY id LIMIT ?", params);
}

Result<std::vector<SilenceRow>> SqlMonitorStore::active_silences(std::int64_t now_ms,
                                                                 std::size_t limit) {
  const SqlValue params[] = {now_ms, now_ms, clamp_limit(limit)};
  return load_silences("WHERE created_ms <= ? AND expires_ms > ? ORDER BY id LIMIT ?", params);
}

Result<void> SqlMonitorStore::expire_silence(std::int64_t id, std::int64_t now_ms) {
  return in_transaction([&]() -> Result<void> {
    const SqlValue key[] = {id};
    auto found = query_value(*db_, "SELECT expires_ms FROM monitor_silences WHERE id = ?", key);
    if (!found) return tl::unexpected(found.error());
    if (is_null(*found)) {
      return fail(ErrorCode::not_found, "no silence " + std::to_string(id));
    }
    if (as_int(*found) <= now_ms) return {};  // already expired: nothing to do
    const SqlValue params[] = {now_ms, id};
    auto r = db_->execute("UPDATE monitor_silences SET expires_ms = ? WHERE id = ?", params);
    if (!r) return tl::unexpected(r.error());
    return {};
  });
}

// Scheduler state.

Result<std::optional<AssetScheduleRow>> SqlMonitorStore::get_schedule(std::string_view asset) {
  const SqlValue key[] = {std::string(asset)};
  auto rows = read_rows(
      "SELECT asset, last_sweep_started_ms, last_sweep_done_ms, sweep_cursor "
      "FROM monitor_schedule WHERE asset = ?",
      key);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<AssetScheduleRow>{};
  const auto& r = rows->front();
  return std::optional<AssetScheduleRow>(
      AssetScheduleRow{as_text(r[0]), as_int(r[1]), as_int(r[2]), as_text(r[3])});
}

Result<void> SqlMonitorStore::put_schedule(const AssetScheduleRow& s) {
  if (auto ok = check_key("asset", s.asset); !ok) return ok;
  if (auto ok = check_text("sweep cursor", s.sweep_cursor); !ok) return ok;
  const SqlValue params[] = {s.asset, s.last_sweep_started_ms, s.last_sweep_done_ms,
                             s.sweep_cursor};
  return in_transaction([&]() -> Result<void> {
    auto r = db_->execute(
        "INSERT INTO monitor_schedule (asset, last_sweep_started_ms, last_sweep_done_ms, "
        "sweep_cursor) VALUES (?, ?, ?, ?) ON CONFLICT (asset) DO UPDATE SET "
        "last_sweep_started_ms = excluded.last_sweep_started_ms, "
        "last_sweep_done_ms = excluded.last_sweep_done_ms, sweep_cursor = excluded.sweep_cursor",
        params);
    if (!r) return tl::unexpected(r.error());
    return {};
  });
}

Result<std::int64_t> SqlMonitorStore::enqueue_rescan(std::string_view target,
                                                     std::string_view reason,
                                                     std::int64_t requested_ms) {
  if (auto ok = check_key("rescan target", target); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_text("rescan reason", reason); !ok) return tl::unexpected(ok.error());
  std::int64_t id = 0;
  auto ok = in_transaction([&]() -> Result<void> {
    const SqlValue key[] = {std::string(target)};
    auto waiting = query_value(
        *db_, "SELECT MIN(id) FROM monitor_rescans WHERE taken_ms IS NULL AND target = ?", key);
    if (!waiting) return tl::unexpected(waiting.error());
    if (!is_null(*waiting)) {
      id = as_int(*waiting);
      return {};
    }
    const SqlValue params[] = {std::string(target), std::string(reason), requested_ms};
    auto r = db_->insert(
        "INSERT INTO monitor_rescans (target, reason, requested_ms) VALUES (?, ?, ?)", params);
    if (!r) return tl::unexpected(r.error());
    id = *r;
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return id;
}

Result<std::vector<RescanRow>> SqlMonitorStore::take_rescans(std::size_t limit,
                                                             std::int64_t now_ms) {
  std::vector<RescanRow> out;
  auto ok = in_transaction([&]() -> Result<void> {
    out.clear();
    const SqlValue lim[] = {clamp_limit(limit)};
    auto rows = db_->query(
        "SELECT id, target, reason, requested_ms FROM monitor_rescans WHERE taken_ms IS NULL "
        "ORDER BY id LIMIT ?",
        lim);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& r : *rows) {
      out.push_back(RescanRow{as_int(r[0]), as_text(r[1]), as_text(r[2]), as_int(r[3]), now_ms});
      const SqlValue params[] = {now_ms, as_int(r[0])};
      auto up = db_->execute("UPDATE monitor_rescans SET taken_ms = ? WHERE id = ?", params);
      if (!up) return tl::unexpected(up.error());
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return out;
}

Result<std::int64_t> SqlMonitorStore::pending_rescans() {
  auto v = read_value("SELECT COUNT(*) FROM monitor_rescans WHERE taken_ms IS NULL", {});
  if (!v) return tl::unexpected(v.error());
  return as_int(*v);
}

Result<void> SqlMonitorStore::finish_rescan(std::int64_t id) {
  const SqlValue params[] = {id};
  return in_transaction([&]() -> Result<void> {
    auto r =
        db_->execute("DELETE FROM monitor_rescans WHERE id = ? AND taken_ms IS NOT NULL", params);
    if (!r) return tl::unexpected(r.error());
    return {};
  });
}

Result<std::int64_t> SqlMonitorStore::requeue_unfinished_rescans() {
  std::int64_t count = 0;
  auto ok = in_transaction([&]() -> Result<void> {
    auto r =
        db_->execute("UPDATE monitor_rescans SET taken_ms = NULL WHERE taken_ms IS NOT NULL", {});
    if (!r) return tl::unexpected(r.error());
    count = *r;
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return count;
}

// Event cursors.

Result<std::int64_t> SqlMonitorStore::get_cursor(std::string_view name) {
  const SqlValue key[] = {std::string(name)};
  auto v = read_value("SELECT value FROM monitor_cursors WHERE name = ?", key);
  if (!v) return tl::unexpected(v.error());
  return as_int(*v);  // null (never set) reads as 0
}

Result<void> SqlMonitorStore::put_cursor(std::string_view name, std::int64_t value) {
  if (auto ok = check_key("cursor name", name); !ok) return ok;
  const SqlValue params[] = {std::string(name), value};
  return in_transaction([&]() -> Result<void> {
    auto r = db_->execute(
        "INSERT INTO monitor_cursors (name, value) VALUES (?, ?) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        params);
    if (!r) return tl::unexpected(r.error());
    return {};
  });
}

}  // namespace lw::catalog
