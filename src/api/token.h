#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

// API tokens and roles (docs/api.md "Tokens and roles"). A token is "lw_" and 43 base64url
// characters (32 random bytes); the catalog keeps only its SHA-256.
namespace lw::api {

enum class Role { viewer, responder, admin };

std::string_view to_string(Role) noexcept;
std::optional<Role> parse_role(std::string_view) noexcept;
// viewer < responder < admin: a role may do what the roles below it may.
bool role_allows(Role held, Role needed) noexcept;

inline constexpr std::string_view kTokenPrefix = "lw_";
inline constexpr std::size_t kTokenRandomBytes = 32;
// Longer Authorization values are refused before hashing.
inline constexpr std::size_t kMaxTokenChars = 128;

// A new token from the operating system's random source (OpenSSL RAND_bytes).
Result<std::string> generate_token();
// Lowercase hex SHA-256 of the token text.
std::string hash_token(std::string_view token);
// The token of an "Authorization: Bearer TOKEN" value, or nullopt when the value is not that.
std::optional<std::string_view> bearer_token(std::string_view authorization) noexcept;

}  // namespace lw::api
