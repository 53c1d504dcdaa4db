#include "core/address.h"

#include <arpa/inet.h>

#include <charconv>
#include <string>

namespace lw {
namespace {

u128 low_mask(int host_bits) {
  if (host_bits <= 0) return 0;
  if (host_bits >= 128) return ~u128{0};
  return (u128{1} << host_bits) - 1;
}

}  // namespace

Result<Address> Address::parse(std::string_view text) {
  if (text.empty() || text.size() > 45) {
    return fail(ErrorCode::invalid_argument, "not an IP address", std::string(text));
  }
  const std::string s(text);
  in_addr a4{};
  if (inet_pton(AF_INET, s.c_str(), &a4) == 1) {
    return Address::v4_from(ntohl(a4.s_addr));
  }
  in6_addr a6{};
  if (inet_pton(AF_INET6, s.c_str(), &a6) == 1) {
    Address out;
    out.v6 = true;
    for (unsigned char byte : a6.s6_addr) out.value = (out.value << 8) | byte;
    return out;
  }
  return fail(ErrorCode::invalid_argument, "not an IP address", s);
}

std::array<std::uint8_t, 16> Address::v6_bytes() const {
  std::array<std::uint8_t, 16> out{};
  u128 v = value;
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v & 0xff);
    v >>= 8;
  }
  return out;
}

std::string Address::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (!v6) {
    // Dotted quad by hand: every record of a scan prints its address, and inet_ntop's
    // snprintf costs several times this.
    char* p = buf;
    for (int shift = 24; shift >= 0; shift -= 8) {
      const auto octet = static_cast<unsigned>((v4() >> shift) & 0xFF);
      if (octet >= 100) *p++ = static_cast<char>('0' + octet / 100);
      if (octet >= 10) *p++ = static_cast<char>('0' + octet / 10 % 10);
      *p++ = static_cast<char>('0' + octet % 10);
      if (shift > 0) *p++ = '.';
    }
    return std::string(buf, p);
  } else {
    in6_addr a6{};
    const auto bytes = v6_bytes();
    for (std::size_t i = 0; i < 16; ++i) a6.s6_addr[i] = bytes[i];
    inet_ntop(AF_INET6, &a6, buf, sizeof buf);
  }
  return buf;
}

std::string AddressRange::to_string() const {
  if (first == last) return first.to_string();
  // Print as CIDR when the range is exactly one block.
  const u128 span = last.value - first.value;
  if ((span & (span + 1)) == 0 && (first.value & span) == 0) {
    int host_bits = 0;
    for (u128 s = span; s != 0; s >>= 1) ++host_bits;
    return first.to_string() + "/" + std::to_string(first.bits() - host_bits);
  }
  return first.to_string() + "-" + last.to_string();
}

Result<AddressRange> parse_address_or_cidr(std::string_view text) {
  if (text.find('/') != std::string_view::npos) return parse_cidr(text);
  auto a = Address::parse(text);
  if (!a) return tl::unexpected(a.error());
  return AddressRange{*a, *a};
}

Result<AddressRange> parse_cidr(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return fail(ErrorCode::invalid_argument, "not a CIDR block", std::string(text));
  }
  auto base = Address::parse(text.substr(0, slash));
  if (!base)
    return fail(ErrorCode::invalid_argument, "bad address in CIDR block", std::string(text));
  const std::string_view len_text = text.substr(slash + 1);
  int prefix = -1;
  const auto [ptr, ec] =
      std::from_chars(len_text.data(), len_text.data() + len_text.size(), prefix);
  if (ec != std::errc{} || ptr != len_text.data() + len_text.size() || len_text.empty() ||
      prefix < 0 || prefix > base->bits()) {
    return fail(ErrorCode::invalid_argument,
                "prefix length must be 0.." + std::to_string(base->bits()), std::string(text));
  }
  const u128 mask = low_mask(base->bits() - prefix);
  if ((base->value & mask) != 0) {
    return fail(ErrorCode::invalid_argument,
                "address has bits set past the prefix (did you mean " +
                    Address{base->value & ~mask, base->v6}.to_string() + "/" +
                    std::to_string(prefix) + "?)",
                std::string(text));
  }
  return AddressRange{*base, Address{base->value | mask, base->v6}};
}

Result<AddressRange> parse_dash_range(std::string_view text) {
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) {
    return fail(ErrorCode::invalid_argument, "not an address range", std::string(text));
  }
  auto a = Address::parse(text.substr(0, dash));
  auto b = Address::parse(text.substr(dash + 1));
  if (!a || !b) {
    return fail(ErrorCode::invalid_argument, "bad address in range", std::string(text));
  }
  if (a->v6 != b->v6) {
    return fail(ErrorCode::invalid_argument, "range mixes IPv4 and IPv6", std::string(text));
  }
  if (b->value < a->value) {
    return fail(ErrorCode::invalid_argument, "range ends before it starts", std::string(text));
  }
  return AddressRange{*a, *b};
}

}  // namespace lw
