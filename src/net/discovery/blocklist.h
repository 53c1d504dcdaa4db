#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/address.h"

namespace lw::discovery {

enum class RangePolicy {
  never,     // multicast, reserved, "this network": refused even when named
  loopback,  // allowed when a target lies inside it, or with --allow-loopback
  special,   // private, link-local, documentation...: allowed when a target lies inside it
};

struct SpecialRange {
  AddressRange range;
  RangePolicy policy;
  std::string_view name;  // "private-use (RFC 1918)"
};

// The IANA IPv4 and IPv6 special-purpose address registries, as the scanner treats them.
std::span<const SpecialRange> special_ranges();

// The special range that contains all of `r`, if any.
const SpecialRange* enclosing_special_range(const AddressRange& r);

// Splits `r` into the parts outside `cut` (0, 1 or 2 ranges).
std::vector<AddressRange> subtract(const AddressRange& r, const AddressRange& cut);

}  // namespace lw::discovery
