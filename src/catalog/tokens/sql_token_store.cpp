// TokenStore over the Db interface: one table, api_tokens (migration 6).
#include <charconv>

#include "catalog/db.h"
#include "catalog/monitor/sql_monitor_store.h"
#include "catalog/sql_store.h"
#include "catalog/tokens/token_store.h"

namespace lw::catalog {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, name, role, token_hash, created_ms, last_used_ms, revoked_ms FROM api_tokens ";

TokenRow token_from(const SqlRow& r) {
  return TokenRow{as_int(r[0]), as_text(r[1]),      as_text(r[2]),     as_text(r[3]),
                  as_int(r[4]), optional_int(r[5]), optional_int(r[6])};
}

bool is_hex_hash(std::string_view h) {
  if (h.size() != 64) return false;
  for (char c : h) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

class SqlTokenStore final : public TokenStore {
 public:
  explicit SqlTokenStore(std::unique_ptr<Db> db) : db_(std::move(db)) {}

  Result<std::int64_t> create_token(const TokenRow& t) override {
    if (auto ok = check_key("name", t.name); !ok) return tl::unexpected(ok.error());
    if (auto ok = check_one_of("role", t.role, {"viewer", "responder", "admin"}); !ok) {
      return tl::unexpected(ok.error());
    }
    if (!is_hex_hash(t.token_hash)) {
      return fail(ErrorCode::invalid_argument, "token_hash is not a hex SHA-256");
    }
    const SqlValue name[] = {t.name};
    auto taken = query_value(*db_, "SELECT id FROM api_tokens WHERE name = ?", name);
    if (!taken) return tl::unexpected(taken.error());
    if (!is_null(*taken)) {
      return fail(ErrorCode::invalid_argument, "a token named '" + t.name + "' exists already",
                  "name");
    }
    auto count = active_token_count();
    if (!count) return tl::unexpected(count.error());
    if (*count >= static_cast<std::int64_t>(kMaxTokens)) {
      return fail(ErrorCode::too_large,
                  "there are " + std::to_string(*count) + " tokens; revoke one first");
    }
    const SqlValue params[] = {t.name, t.role, t.token_hash, t.created_ms};
    return db_->insert(
        "INSERT INTO api_tokens (name, role, token_hash, created_ms) VALUES (?, ?, ?, ?)", params);
  }

  Result<std::vector<TokenRow>> list_tokens() override {
    const SqlValue params[] = {static_cast<std::int64_t>(kMaxListLimit)};
    auto rows = db_->query(std::string(kColumns) + "ORDER BY id LIMIT ?", params);
    if (!rows) return tl::unexpected(rows.error());
    std::vector<TokenRow> out;
    for (const auto& r : *rows) {
      out.push_back(token_from(r));
      out.back().token_hash.clear();
    }
    return out;
  }

  Result<std::optional<TokenRow>> find_active(std::string_view token_hash) override {
    if (!is_hex_hash(token_hash)) return std::optional<TokenRow>{};
    const SqlValue params[] = {std::string(token_hash)};
    auto rows = read(std::string(kColumns) + "WHERE token_hash = ? AND revoked_ms IS NULL", params);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return std::optional<TokenRow>{};
    return std::optional<TokenRow>(token_from(rows->front()));
  }

  Result<TokenRow> revoke_token(std::string_view name_or_id, std::int64_t now_ms) override {
    if (auto ok = check_key("token", name_or_id); !ok) return tl::unexpected(ok.error());
    const SqlValue by_name[] = {std::string(name_or_id)};
    auto rows = db_->query(std::string(kColumns) + "WHERE name = ?", by_name);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) {
      std::int64_t id = 0;
      const auto* end = name_or_id.data() + name_or_id.size();
      auto [p, ec] = std::from_chars(name_or_id.data(), end, id);
      if (ec == std::errc() && p == end && id > 0) {
        const SqlValue by_id[] = {id};
        rows = db_->query(std::string(kColumns) + "WHERE id = ?", by_id);
        if (!rows) return tl::unexpected(rows.error());
      }
    }
    if (rows->empty()) {
      return fail(ErrorCode::not_found,
                  "no token named or numbered '" + std::string(name_or_id.substr(0, 64)) + "'");
    }
    auto t = token_from(rows->front());
    t.token_hash.clear();
    if (t.revoked_ms) return t;
    const SqlValue params[] = {now_ms, t.id};
    auto r = db_->execute(
        "UPDATE api_tokens SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL", params);
    if (!r) return tl::unexpected(r.error());
    t.revoked_ms = now_ms;
    return t;
  }

  Result<void> touch_token(std::int64_t id, std::int64_t now_ms) override {
    const SqlValue params[] = {now_ms, id};
    auto r = db_->execute("UPDATE api_tokens SET last_used_ms = ? WHERE id = ?", params);
    if (!r) return tl::unexpected(r.error());
    return {};
  }

  Result<std::int64_t> active_token_count() override {
    auto v = read_value("SELECT COUNT(*) FROM api_tokens WHERE revoked_ms IS NULL");
    if (!v) return tl::unexpected(v.error());
    return as_int(*v);
  }

 private:
  // A read that reconnects once after a lost PostgreSQL connection (safe to repeat).
  Result<std::vector<SqlRow>> read(const std::string& sql, std::span<const SqlValue> params) {
    auto rows = db_->query(sql, params);
    if (rows || !db_->connection_lost() || !db_->reconnect()) return rows;
    return db_->query(sql, params);
  }
  Result<SqlValue> read_value(const std::string& sql) {
    auto rows = read(sql, {});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty() || rows->front().empty()) return SqlValue();
    return std::move(rows->front().front());
  }

  std::unique_ptr<Db> db_;
};

}  // namespace

Result<std::unique_ptr<TokenStore>> open_token_store(std::string_view location,
                                                     const CatalogOptions& options) {
  auto db = open_catalog_db(location, options);
  if (!db) return tl::unexpected(db.error());
  return std::unique_ptr<TokenStore>(std::make_unique<SqlTokenStore>(std::move(*db)));
}

}  // namespace lw::catalog
