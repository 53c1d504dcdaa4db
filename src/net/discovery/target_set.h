#pragma once

#include <cstddef>
#include <cstdint>
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
  u128 address_count = 0;          // saturates at the largest u128 (never wraps to 0)
  std::vector<std::string> notes;  // what the blocklist removed, for the start banner

  const std::string* name_of(const Address&) const;
};

// Builds the set of addresses to scan one token at a time: includes minus excludes minus the
// special-purpose ranges that a target did not name explicitly. Addresses are held as merged
// integer ranges (8 bytes an IPv4 range), compacted as they grow, so a long -iL list costs
// little more than its distinct ranges; only host names keep their text.
class TargetSetBuilder {
 public:
  TargetSetBuilder(TargetOptions options, Resolver resolve);

  // A bad token fails with an Error naming the token (printably) and its origin.
  Result<void> include(const TargetSpec& spec);
  Result<void> exclude(const TargetSpec& spec);
  Result<TargetSet> finish();

 private:
  using V4 = std::pair<std::uint32_t, std::uint32_t>;
  using V6 = std::pair<u128, u128>;
  void add(const AddressRange& r, std::vector<V4>& v4, std::vector<V6>& v6);
  void note(std::string text);

  TargetOptions options_;
  Resolver resolve_;
  std::vector<V4> v4_, v4_cut_;
  std::vector<V6> v6_, v6_cut_;
  std::size_t compact_at_;
  std::size_t includes_ = 0;
  std::vector<std::pair<Address, std::string>> names_;
  std::vector<std::string> notes_;
  std::size_t notes_dropped_ = 0;
};

// The whole build at once (command-line targets, tests).
Result<TargetSet> build_target_set(std::span<const TargetSpec> include,
                                   std::span<const TargetSpec> exclude, const TargetOptions&,
                                   const Resolver&);

// Splits text into target tokens (whitespace or comma separated; '#' starts a comment), each
// named "<origin_prefix>:<line>".
std::vector<TargetSpec> split_spec_text(std::string_view text, std::string_view origin_prefix);

// Streams -iL / --exclude-file FILE line by line (at most 64 MiB, lines at most 64 KiB): every
// token goes to `each` as it is read, named "FILE:LINE", and the first Error (from the file or
// from `each`) stops the read. Nothing of the file is held beyond the current line.
using SpecSink = std::function<Result<void>(const TargetSpec&)>;
Result<void> read_spec_file(const std::string& path, const SpecSink& each);

constexpr std::size_t kMaxSpecFileBytes = 64u << 20;
constexpr std::size_t kMaxSpecLineBytes = 64u << 10;

}  // namespace lw::discovery
