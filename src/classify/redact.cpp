#include "classify/redact.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>

#include "core/bytes.h"

namespace lw::classify {
namespace {

std::string last4(std::string_view v) {
  if (v.size() <= 4) return std::string(v.size(), '*');
  const auto stars = std::min<std::size_t>(v.size() - 4, 12);
  return std::string(stars, '*') + std::string(v.substr(v.size() - 4));
}

std::string digits_only(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

std::string prefix(std::string_view v, std::string_view raw) {
  // scheme://user:****@ for URLs with a password.
  const auto scheme = raw.find("://");
  if (scheme != std::string_view::npos && !raw.empty() && raw.back() == '@') {
    const auto colon = raw.find(':', scheme + 3);
    if (colon != std::string_view::npos) return std::string(raw.substr(0, colon + 1)) + "****@";
  }
  const auto keep = std::min<std::size_t>(v.size() / 5, 6);
  return std::string(v.substr(0, keep)) + "****";
}

}  // namespace

std::string mask_value(Mask mask, std::string_view value, std::string_view raw) {
  switch (mask) {
    case Mask::none:  // non-secret markers (a banner, a PEM header): the text as found
      return std::string(raw.substr(0, 80));
    case Mask::ssn: {
      const auto d = digits_only(value);
      return "***-**-" + (d.size() >= 4 ? d.substr(d.size() - 4) : std::string("****"));
    }
    case Mask::card: {
      const auto d = digits_only(value);
      return "**** **** **** " + (d.size() >= 4 ? d.substr(d.size() - 4) : std::string("****"));
    }
    case Mask::email: {
      const auto at = value.find('@');
      if (at == std::string_view::npos || at == 0) return "***";
      return std::string(1, value[0]) + "***" + std::string(value.substr(at));
    }
    case Mask::last4:
      return last4(value);
    case Mask::prefix:
      return prefix(value, raw);
  }
  return "***";
}

void Hmac::MdCtxFree::operator()(evp_md_ctx_st* ctx) const noexcept {
  EVP_MD_CTX_free(ctx);
}

Result<Hmac> Hmac::create(const HmacKey& key) {
  constexpr std::size_t kBlock = 64;  // SHA-256 block size; the 32-byte key is zero-padded
  std::array<unsigned char, kBlock> ipad{}, opad{};
  for (std::size_t i = 0; i < kBlock; ++i) {
    const unsigned char k = i < key.size() ? key[i] : 0;
    ipad[i] = static_cast<unsigned char>(k ^ 0x36);
    opad[i] = static_cast<unsigned char>(k ^ 0x5c);
  }
  Hmac h;
  h.inner_.reset(EVP_MD_CTX_new());
  h.outer_.reset(EVP_MD_CTX_new());
  if (!h.inner_ || !h.outer_ || EVP_DigestInit_ex(h.inner_.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(h.inner_.get(), ipad.data(), ipad.size()) != 1 ||
      EVP_DigestInit_ex(h.outer_.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(h.outer_.get(), opad.data(), opad.size()) != 1) {
    return fail(ErrorCode::internal, "SHA-256 init failed");
  }
  return h;
}

std::string Hmac::hex(std::string_view value) const {
  thread_local MdCtx ctx(EVP_MD_CTX_new());
  unsigned char inner[EVP_MAX_MD_SIZE];
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int inner_len = 0, len = 0;
  if (!ctx || EVP_MD_CTX_copy_ex(ctx.get(), inner_.get()) != 1 ||
      EVP_DigestUpdate(ctx.get(), value.data(), value.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), inner, &inner_len) != 1 ||
      EVP_MD_CTX_copy_ex(ctx.get(), outer_.get()) != 1 ||
      EVP_DigestUpdate(ctx.get(), inner, inner_len) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest, &len) != 1) {
    return std::string(64, '0');  // unreachable with a working OpenSSL; never the value itself
  }
  return lower_hex({digest, len});
}

std::string hmac_hex(const HmacKey& key, std::string_view value) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(), digest, &len);
  return lower_hex({digest, len});
}

}  // namespace lw::classify
