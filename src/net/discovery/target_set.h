#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/address.h"
#include "core/result.h"

namespace lw::discovery {

// One target token and where it came from, for error messages ("argument 3", "hosts.txt:14").
struct TargetSpec {
  std::string token;
  std::string origin;
};

// Resolves a host name to its addresses (once, before the scan). Injected so that parsing stays
// pure and testable; the scan passes a getaddrinfo-based resolver.
using Resolver = std::function<Result<std::vector<Address>>(std::string_view name)>;

struct TargetOptions {
  bool allow_loopback = false;  // keep loopback inside wider targets
  bool allow_special = false;   // keep private, link-local, documentation... inside wider targets
};

struct TargetSet {
  std::vector<AddressRange> ranges;                    // sorted, disjoint, merged
  std::vector<std::pair<Address, std::string>> names;  // address -> host name, sorted
  u128 address_count = 0;
  std::vector<std::string> notes;  // what the blocklist removed, for the start banner

  const std::string* name_of(const Address&) const;
};

// Builds the set of addresses to scan: includes minus excludes minus the special-purpose ranges
// that a target did not name explicitly. Any bad token fails the whole build, naming the token.
Result<TargetSet> build_target_set(std::span<const TargetSpec> include,
                                   std::span<const TargetSpec> exclude, const TargetOptions&,
                                   const Resolver&);

// Splits text into target tokens (whitespace or comma separated; '#' starts a comment), each
// named "<origin_prefix>:<line>".
std::vector<TargetSpec> split_spec_text(std::string_view text, std::string_view origin_prefix);

// Reads -iL / --exclude-file FILE (bounded to 64 MiB).
Result<std::vector<TargetSpec>> read_spec_file(const std::string& path);

}  // namespace lw::discovery
