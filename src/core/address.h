#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace lw {

__extension__ using u128 = unsigned __int128;

// An IPv4 or IPv6 address. IPv4 addresses live in the low 32 bits of `value`.
struct Address {
  u128 value = 0;
  bool v6 = false;

  static Result<Address> parse(std::string_view text);
  static Address v4_from(std::uint32_t host_order) { return {host_order, false}; }

  std::string to_string() const;
  std::array<std::uint8_t, 16> v6_bytes() const;
  std::uint32_t v4() const { return static_cast<std::uint32_t>(value); }
  int bits() const { return v6 ? 128 : 32; }

  friend bool operator==(const Address&, const Address&) = default;
  friend auto operator<=>(const Address& a, const Address& b) {
    if (a.v6 != b.v6) return a.v6 <=> b.v6;
    return a.value <=> b.value;
  }
};

// An inclusive range of addresses of one family.
struct AddressRange {
  Address first;
  Address last;

  bool contains(const Address& a) const {
    return a.v6 == first.v6 && first.value <= a.value && a.value <= last.value;
  }
  bool contains(const AddressRange& r) const { return contains(r.first) && contains(r.last); }
  bool overlaps(const AddressRange& r) const {
    return r.first.v6 == first.v6 && r.first.value <= last.value && first.value <= r.last.value;
  }
  u128 size() const { return last.value - first.value + 1; }  // 0 means 2^128
  std::string to_string() const;
  friend bool operator==(const AddressRange&, const AddressRange&) = default;
};

// "10.0.0.0/8", "2001:db8::/32"; the address must be the first of its block.
Result<AddressRange> parse_cidr(std::string_view text);
// "10.0.0.1-10.0.0.9"
Result<AddressRange> parse_dash_range(std::string_view text);
// A CIDR block when the text has a '/', else one address as a range of one.
Result<AddressRange> parse_address_or_cidr(std::string_view text);

}  // namespace lw
