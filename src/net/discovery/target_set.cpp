#include "net/discovery/target_set.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "core/bytes.h"
#include "net/discovery/blocklist.h"

namespace lw::discovery {
namespace {

constexpr std::size_t kFirstCompaction = 1u << 16;
constexpr std::size_t kMaxNotes = 16;
constexpr std::size_t kShownTokenBytes = 256;

bool looks_like_host_name(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.front() == '-' || s.front() == '.') return false;
  bool alpha = false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalpha(u)) alpha = true;
    if (!std::isalnum(u) && c != '-' && c != '.' && c != '_') return false;
  }
  return alpha;
}

struct Parsed {
  std::vector<AddressRange> ranges;
  std::vector<Address> named;  // addresses of a host name
};

// Every message quotes the token through printable(): a file's escape sequences never reach the
// terminal raw.
Error bad_token(const TargetSpec& spec, const std::string& why) {
  return Error{ErrorCode::invalid_argument,
               "target '" + printable(spec.token, kShownTokenBytes) + "': " + why, spec.origin};
}

Result<Parsed> parse_token(const TargetSpec& spec, const Resolver& resolve) {
  const std::string_view t = spec.token;
  Parsed out;
  if (t.find('/') != std::string_view::npos) {
    auto r = parse_cidr(t);
    if (!r) return tl::unexpected(bad_token(spec, printable(r.error().message, 512)));
    out.ranges.push_back(*r);
    return out;
  }
  if (auto a = Address::parse(t)) {
    out.ranges.push_back({*a, *a});
    return out;
  }
  if (const auto dash = t.find('-'); dash != std::string_view::npos &&
                                     Address::parse(t.substr(0, dash)) &&
                                     Address::parse(t.substr(dash + 1))) {
    auto r = parse_dash_range(t);
    if (!r) return tl::unexpected(bad_token(spec, printable(r.error().message, 512)));
    out.ranges.push_back(*r);
    return out;
  }
  if (!looks_like_host_name(t)) {
    return tl::unexpected(bad_token(spec, "not an address, CIDR block, range or host name"));
  }
  auto addrs = resolve(t);
  if (!addrs) {
    return tl::unexpected(bad_token(spec, "cannot resolve host name: " + addrs.error().message));
  }
  if (addrs->empty()) return tl::unexpected(bad_token(spec, "host name has no addresses"));
  for (const auto& a : *addrs) {
    out.ranges.push_back({a, a});
    out.named.push_back(a);
  }
  return out;
}

// Sorts and merges overlapping or adjacent ranges in place.
template <class T>
void compact(std::vector<std::pair<T, T>>& v) {
  std::sort(v.begin(), v.end());
  std::size_t out = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (out > 0 && (v[i].first <= v[out - 1].second || v[i].first - 1 == v[out - 1].second)) {
      v[out - 1].second = std::max(v[out - 1].second, v[i].second);
    } else {
      v[out++] = v[i];
    }
  }
  v.resize(out);
  v.shrink_to_fit();
}

// `keep` minus `cut`, both sorted and disjoint, in one sweep.
template <class T>
std::vector<std::pair<T, T>> subtract_sorted(const std::vector<std::pair<T, T>>& keep,
                                             const std::vector<std::pair<T, T>>& cut) {
  std::vector<std::pair<T, T>> out;
  std::size_t j = 0;
  for (auto [lo, hi] : keep) {
    while (j < cut.size() && cut[j].second < lo) ++j;
    bool alive = true;
    for (std::size_t k = j; alive && k < cut.size() && cut[k].first <= hi; ++k) {
      if (cut[k].first > lo) out.emplace_back(lo, cut[k].first - 1);
      if (cut[k].second >= hi) {
        alive = false;
      } else {
        lo = cut[k].second + 1;
      }
    }
    if (alive) out.emplace_back(lo, hi);
  }
  return out;
}

u128 saturating_add(u128 a, u128 b) {
  const u128 sum = a + b;
  return sum < a ? ~u128{0} : sum;
}

std::vector<AddressRange> subtract_all(const std::vector<AddressRange>& from,
                                       const AddressRange& cut) {
  std::vector<AddressRange> out;
  for (const auto& r : from) {
    for (const auto& part : subtract(r, cut)) out.push_back(part);
  }
  return out;
}

// Calls `each` for every token of one line (comments and separators removed).
Result<void> each_token(std::string_view line, std::string_view origin, const SpecSink& each) {
  if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    const bool sep =
        i == line.size() || line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == ',';
    if (!sep) continue;
    if (i > start) {
      if (auto r = each({std::string(line.substr(start, i - start)), std::string(origin)}); !r) {
        return r;
      }
    }
    start = i + 1;
  }
  return {};
}

}  // namespace

const std::string* TargetSet::name_of(const Address& a) const {
  auto it = std::lower_bound(names.begin(), names.end(), a,
                             [](const auto& e, const Address& x) { return e.first < x; });
  if (it != names.end() && it->first == a) return &it->second;
  return nullptr;
}

TargetSetBuilder::TargetSetBuilder(TargetOptions options, Resolver resolve)
    : options_(options), resolve_(std::move(resolve)), compact_at_(kFirstCompaction) {}

void TargetSetBuilder::add(const AddressRange& r, std::vector<V4>& v4, std::vector<V6>& v6) {
  if (r.first.v6) {
    v6.emplace_back(r.first.value, r.last.value);
  } else {
    v4.emplace_back(r.first.v4(), r.last.v4());
  }
  // Merging as the lists grow keeps a long list of neighbouring addresses a handful of ranges.
  if (v4.size() + v6.size() >= compact_at_) {
    compact(v4);
    compact(v6);
    compact_at_ = std::max(kFirstCompaction, 2 * (v4.size() + v6.size()));
  }
}

void TargetSetBuilder::note(std::string text) {
  if (notes_.size() < kMaxNotes) {
    notes_.push_back(std::move(text));
  } else {
    ++notes_dropped_;
  }
}

Result<void> TargetSetBuilder::include(const TargetSpec& spec) {
  auto parsed = parse_token(spec, resolve_);
  if (!parsed) return tl::unexpected(parsed.error());
  ++includes_;
  const std::string shown = printable(spec.token, kShownTokenBytes);
  for (const auto& r : parsed->ranges) {
    if (const auto* s = enclosing_special_range(r)) {
      if (s->policy == RangePolicy::never) {
        return fail(ErrorCode::invalid_argument,
                    "target '" + shown + "' lies in " + s->range.to_string() + ", " +
                        std::string(s->name) + ", which is never scanned",
                    spec.origin);
      }
      add(r, v4_, v6_);  // named explicitly
      continue;
    }
    std::vector<AddressRange> parts{r};
    for (const auto& s : special_ranges()) {
      if (!s.range.overlaps(r)) continue;
      const bool allowed = (s.policy == RangePolicy::loopback && options_.allow_loopback) ||
                           (s.policy == RangePolicy::special && options_.allow_special);
      if (allowed) continue;
      parts = subtract_all(parts, s.range);
      note("skipping " + s.range.to_string() + " (" + std::string(s.name) + ") inside " + shown);
    }
    for (const auto& p : parts) add(p, v4_, v6_);
  }
  for (const auto& a : parsed->named) names_.emplace_back(a, spec.token);
  return {};
}

Result<void> TargetSetBuilder::exclude(const TargetSpec& spec) {
  auto parsed = parse_token(spec, resolve_);
  if (!parsed) {
    Error e = parsed.error();
    if (e.message.starts_with("target ")) e.message = "exclusion" + e.message.substr(6);
    return tl::unexpected(e);
  }
  for (const auto& r : parsed->ranges) add(r, v4_cut_, v6_cut_);
  return {};
}

Result<TargetSet> TargetSetBuilder::finish() {
  if (includes_ == 0) return fail(ErrorCode::invalid_argument, "no targets given");
  for (auto* v : {&v4_, &v4_cut_}) compact(*v);
  for (auto* v : {&v6_, &v6_cut_}) compact(*v);
  const auto v4 = subtract_sorted(v4_, v4_cut_);
  const auto v6 = subtract_sorted(v6_, v6_cut_);
  v4_ = {};
  v6_ = {};
  TargetSet set;
  set.ranges.reserve(v4.size() + v6.size());
  for (const auto& [lo, hi] : v4) {
    set.ranges.push_back({Address::v4_from(lo), Address::v4_from(hi)});
    set.address_count = saturating_add(set.address_count, u128{hi} - lo + 1);
  }
  for (const auto& [lo, hi] : v6) {
    set.ranges.push_back({Address{lo, true}, Address{hi, true}});
    const u128 size = hi - lo + 1;  // 0: all of IPv6, 2^128
    set.address_count = size == 0 ? ~u128{0} : saturating_add(set.address_count, size);
  }
  if (set.ranges.empty()) {
    return fail(ErrorCode::invalid_argument, "every target address was excluded");
  }
  set.names = std::move(names_);
  std::sort(set.names.begin(), set.names.end());
  set.names.erase(std::unique(set.names.begin(), set.names.end(),
                              [](const auto& a, const auto& b) { return a.first == b.first; }),
                  set.names.end());
  set.notes = std::move(notes_);
  if (notes_dropped_ > 0) {
    set.notes.push_back("... and " + std::to_string(notes_dropped_) + " more skipped ranges");
  }
  return set;
}

Result<TargetSet> build_target_set(std::span<const TargetSpec> include,
                                   std::span<const TargetSpec> exclude,
                                   const TargetOptions& options, const Resolver& resolve) {
  TargetSetBuilder builder(options, resolve);
  for (const auto& spec : include) {
    if (auto r = builder.include(spec); !r) return tl::unexpected(r.error());
  }
  for (const auto& spec : exclude) {
    if (auto r = builder.exclude(spec); !r) return tl::unexpected(r.error());
  }
  return builder.finish();
}

std::vector<TargetSpec> split_spec_text(std::string_view text, std::string_view origin_prefix) {
  std::vector<TargetSpec> out;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const auto eol = text.find('\n');
    const std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    ++line_no;
    const std::string origin = std::string(origin_prefix) + ":" + std::to_string(line_no);
    (void)each_token(line, origin, [&](const TargetSpec& s) -> Result<void> {
      out.push_back(s);
      return {};
    });
  }
  return out;
}

Result<void> read_spec_file(const std::string& path, const SpecSink& each) {
  std::error_code ec;
  if (const auto size = std::filesystem::file_size(path, ec);
      !ec && std::filesystem::is_regular_file(path, ec) && size > kMaxSpecFileBytes) {
    return fail(ErrorCode::too_large, "target file over 64 MiB", path);
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!file) return fail(ErrorCode::io_error, "cannot read file", path);
  std::string line;
  line.reserve(256);
  bool too_long = false;
  std::size_t line_no = 0;
  std::size_t total = 0;
  auto end_line = [&]() -> Result<void> {
    ++line_no;
    const std::string origin = path + ":" + std::to_string(line_no);
    if (too_long) {
      return fail(ErrorCode::too_large, "line longer than 64 KiB", origin);
    }
    auto r = each_token(line, origin, each);
    line.clear();
    return r;
  };
  std::array<char, 1u << 16> buf{};
  for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), file.get())) > 0;) {
    total += n;
    if (total > kMaxSpecFileBytes)
      return fail(ErrorCode::too_large, "target file over 64 MiB", path);
    for (std::size_t i = 0; i < n; ++i) {
      if (buf[i] == '\n') {
        if (auto r = end_line(); !r) return r;
      } else if (line.size() < kMaxSpecLineBytes) {
        line.push_back(buf[i]);
      } else {
        too_long = true;
      }
    }
  }
  if (std::ferror(file.get())) return fail(ErrorCode::io_error, "cannot read file", path);
  if (!line.empty() || too_long) return end_line();
  return {};
}

}  // namespace lw::discovery
