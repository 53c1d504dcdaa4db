#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::probes::ber {

// A minimal BER (X.690) reader and writer for LDAPv3 (RFC 4511): definite lengths only (short
// form, or long form of at most 4 bytes), single-byte tags, every length checked against the
// bytes that remain, nesting bounded by the caller.

struct Tlv {
  std::uint8_t tag = 0;
  std::string_view value;  // contents
  std::size_t size = 0;    // whole TLV
};

// One TLV at the front of `in`; nullopt (inside the Result) when incomplete. A multi-byte tag,
// an indefinite length or a length over `cap` is an Error.
Result<std::optional<Tlv>> read(std::string_view in, std::size_t cap);

// The TLVs inside a constructed value, in order (at most `max`).
Result<std::vector<Tlv>> children(std::string_view contents, std::size_t max);

std::optional<std::int64_t> integer(std::string_view contents);

std::string tlv(std::uint8_t tag, std::string_view contents);
std::string integer_tlv(std::uint8_t tag, std::int64_t v);

}  // namespace lw::probes::ber
