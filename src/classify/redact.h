#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "classify/rule.h"
#include "core/result.h"

struct evp_md_ctx_st;

namespace lw::classify {

using HmacKey = std::array<std::uint8_t, 32>;

// The masked form shown to people: "***-**-6789", "**** **** **** 1111", "j***@example.com",
// "ghp_****". `value` is the normalised value; `raw` the text as found (used for URL masks).
std::string mask_value(Mask mask, std::string_view value, std::string_view raw);

// Lower-case hex HMAC-SHA-256(key, value).
std::string hmac_hex(const HmacKey& key, std::string_view value);

// The same with the key schedule done once: the SHA-256 states after the inner and outer padded
// keys are kept and copied per call (RFC 2104), so a hash costs two short digests. const calls
// are safe from many threads.
class Hmac {
 public:
  static Result<Hmac> create(const HmacKey& key);
  std::string hex(std::string_view value) const;

 private:
  struct MdCtxFree {
    void operator()(evp_md_ctx_st* ctx) const noexcept;
  };
  using MdCtx = std::unique_ptr<evp_md_ctx_st, MdCtxFree>;
  MdCtx inner_;
  MdCtx outer_;
};

}  // namespace lw::classify
