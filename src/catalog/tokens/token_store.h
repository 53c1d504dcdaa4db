#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "core/result.h"

// The REST API's tokens (docs/api.md "Tokens and roles"). The store keeps a token's hash, never
// the token: the caller hashes it (api/token.h) and the store only compares hashes. Times are
// milliseconds since the epoch passed in by the caller.
namespace lw::catalog {

struct TokenRow {
  std::int64_t id = 0;
  std::string name;
  std::string role;        // viewer | responder | admin
  std::string token_hash;  // lowercase hex SHA-256 of the token
  std::int64_t created_ms = 0;
  std::optional<std::int64_t> last_used_ms;
  std::optional<std::int64_t> revoked_ms;
};

class TokenStore {
 public:
  virtual ~TokenStore() = default;
  // A new token: refused (invalid_argument) when the name is taken, revoked tokens included.
  virtual Result<std::int64_t> create_token(const TokenRow&) = 0;
  // Every token, revoked ones included, in id order (token_hash left empty).
  virtual Result<std::vector<TokenRow>> list_tokens() = 0;
  // The token with this hash that is not revoked, if any.
  virtual Result<std::optional<TokenRow>> find_active(std::string_view token_hash) = 0;
  // Revokes by name, or by id when `name_or_id` is a number no token is named; not_found when
  // neither matches. Revoking a revoked token changes nothing.
  virtual Result<TokenRow> revoke_token(std::string_view name_or_id, std::int64_t now_ms) = 0;
  virtual Result<void> touch_token(std::int64_t id, std::int64_t now_ms) = 0;
  virtual Result<std::int64_t> active_token_count() = 0;
};

inline constexpr std::size_t kMaxTokens = 1000;

// Opens its own connection to the catalog at `location` (migrating it like open_catalog).
Result<std::unique_ptr<TokenStore>> open_token_store(std::string_view location,
                                                     const CatalogOptions& options = {});

}  // namespace lw::catalog
