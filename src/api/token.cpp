#include "api/token.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <memory>

#include "api/base64url.h"

namespace lw::api {

std::string_view to_string(Role r) noexcept {
  switch (r) {
    case Role::viewer:
      return "viewer";
    case Role::responder:
      return "responder";
    case Role::admin:
      return "admin";
  }
  return "viewer";
}

std::optional<Role> parse_role(std::string_view text) noexcept {
  for (auto r : {Role::viewer, Role::responder, Role::admin}) {
    if (to_string(r) == text) return r;
  }
  return std::nullopt;
}

bool role_allows(Role held, Role needed) noexcept {
  return static_cast<int>(held) >= static_cast<int>(needed);
}

Result<std::string> generate_token() {
  std::array<unsigned char, kTokenRandomBytes> raw{};
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
    return fail(ErrorCode::internal, "the random source failed (OpenSSL RAND_bytes)");
  }
  return std::string(kTokenPrefix) +
         to_base64url(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
}

std::string hash_token(std::string_view token) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  EVP_Digest(token.data(), token.size(), digest.data(), &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0x0F];
  }
  return out;
}

std::optional<std::string_view> bearer_token(std::string_view authorization) noexcept {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() <= kScheme.size() ||
      authorization.size() > kScheme.size() + kMaxTokenChars)
    return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    const char a = authorization[i];
    const char b = kScheme[i];
    if ((a | 0x20) != (b | 0x20)) return std::nullopt;  // the scheme is case-insensitive
  }
  auto token = authorization.substr(kScheme.size());
  for (char c : token) {
    if (c <= ' ' || c > '~') return std::nullopt;
  }
  return token;
}

}  // namespace lw::api
