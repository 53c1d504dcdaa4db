#include "net/discovery/blocklist.h"

#include <array>

namespace lw::discovery {
namespace {

struct Entry {
  const char* cidr;
  RangePolicy policy;
  const char* name;
};

constexpr std::array<Entry, 25> kEntries{{
    {"0.0.0.0/8", RangePolicy::never, "\"this network\" (RFC 791)"},
    {"10.0.0.0/8", RangePolicy::special, "private-use (RFC 1918)"},
    {"100.64.0.0/10", RangePolicy::special, "shared address space (RFC 6598)"},
    {"127.0.0.0/8", RangePolicy::loopback, "loopback (RFC 1122)"},
    {"169.254.0.0/16", RangePolicy::special, "link-local (RFC 3927)"},
    {"172.16.0.0/12", RangePolicy::special, "private-use (RFC 1918)"},
    {"192.0.0.0/24", RangePolicy::special, "IETF protocol assignments (RFC 6890)"},
    {"192.0.2.0/24", RangePolicy::special, "documentation TEST-NET-1 (RFC 5737)"},
    {"192.88.99.0/24", RangePolicy::special, "6to4 relay anycast (RFC 7526)"},
    {"192.168.0.0/16", RangePolicy::special, "private-use (RFC 1918)"},
    {"198.18.0.0/15", RangePolicy::special, "benchmarking (RFC 2544)"},
    {"198.51.100.0/24", RangePolicy::special, "documentation TEST-NET-2 (RFC 5737)"},
    {"203.0.113.0/24", RangePolicy::special, "documentation TEST-NET-3 (RFC 5737)"},
    {"224.0.0.0/4", RangePolicy::never, "multicast (RFC 5771)"},
    {"240.0.0.0/4", RangePolicy::never, "reserved and limited broadcast (RFC 1112, RFC 919)"},
    {"::/128", RangePolicy::never, "unspecified address (RFC 4291)"},
    {"::1/128", RangePolicy::loopback, "loopback (RFC 4291)"},
    {"::ffff:0:0/96", RangePolicy::special, "IPv4-mapped (RFC 4291)"},
    {"64:ff9b:1::/48", RangePolicy::special, "local-use IPv4/IPv6 translation (RFC 8215)"},
    {"100::/64", RangePolicy::special, "discard-only (RFC 6666)"},
    {"2001:2::/48", RangePolicy::special, "benchmarking (RFC 5180)"},
    {"2001:db8::/32", RangePolicy::special, "documentation (RFC 3849)"},
    {"fc00::/7", RangePolicy::special, "unique-local (RFC 4193)"},
    {"fe80::/10", RangePolicy::special, "link-local unicast (RFC 4291)"},
    {"ff00::/8", RangePolicy::never, "multicast (RFC 4291)"},
}};

std::vector<SpecialRange> build() {
  std::vector<SpecialRange> out;
  for (const auto& e : kEntries) {
    auto r = parse_cidr(e.cidr);
    // The table is constant: a parse failure is a programming error caught by the tests.
    if (r) out.push_back({*r, e.policy, e.name});
  }
  return out;
}

}  // namespace

std::span<const SpecialRange> special_ranges() {
  static const std::vector<SpecialRange> ranges = build();
  return ranges;
}

const SpecialRange* enclosing_special_range(const AddressRange& r) {
  for (const auto& s : special_ranges()) {
    if (s.range.contains(r)) return &s;
  }
  return nullptr;
}

std::vector<AddressRange> subtract(const AddressRange& r, const AddressRange& cut) {
  if (!r.overlaps(cut)) return {r};
  std::vector<AddressRange> out;
  if (cut.first.value > r.first.value) {
    out.push_back({r.first, Address{cut.first.value - 1, r.first.v6}});
  }
  if (cut.last.value < r.last.value) {
    out.push_back({Address{cut.last.value + 1, r.first.v6}, r.last});
  }
  return out;
}

}  // namespace lw::discovery
