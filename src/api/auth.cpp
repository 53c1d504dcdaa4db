#include "api/auth.h"

namespace lw::api {

AuthResult authenticate(catalog::TokenStore& tokens,
                        std::optional<std::string_view> authorization) {
  AuthResult out;
  if (!authorization) {
    out.message =
        "a token is required: send Authorization: Bearer TOKEN (leakwatch token create makes one)";
    return out;
  }
  auto token = bearer_token(*authorization);
  if (!token) {
    out.message = "the Authorization header must be 'Bearer TOKEN'";
    return out;
  }
  auto row = tokens.find_active(hash_token(*token));
  if (!row) {
    out.status = 500;
    out.message = "the catalog failed while checking tokens";
    return out;
  }
  if (!row->has_value()) {
    out.message = "the token is unknown or revoked";
    return out;
  }
  const auto role = parse_role((*row)->role);
  if (!role) {
    out.message = "the token's role is not one this server knows";
    return out;
  }
  out.principal = Principal{(*row)->name, *role, (*row)->id};
  return out;
}

}  // namespace lw::api
