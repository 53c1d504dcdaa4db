#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/token.h"
#include "catalog/tokens/token_store.h"

// Who a request comes from (docs/api.md "Tokens and roles"). A request carries its token only
// in "Authorization: Bearer TOKEN", and every request needs one, on loopback too: a reverse
// proxy on the same machine makes every client look like loopback, and the catalog is a list
// of what leaks where.
namespace lw::api {

struct Principal {
  std::string actor;  // the token's name
  Role role = Role::viewer;
  std::int64_t token_id = 0;
};

struct AuthResult {
  std::optional<Principal> principal;  // set when accepted
  int status = 401;                    // 401, or 500 when the catalog failed
  std::string message;                 // why it was refused
};

// `authorization`: the header's value, or nullopt when the request has none.
AuthResult authenticate(catalog::TokenStore& tokens, std::optional<std::string_view> authorization);

}  // namespace lw::api
