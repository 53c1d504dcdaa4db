#include "net/discovery/target_set.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "net/discovery/blocklist.h"

namespace lw::discovery {
namespace {

constexpr std::size_t kMaxSpecFileBytes = 64u << 20;

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
  std::vector<std::pair<Address, std::string>> names;
};

Result<Parsed> parse_token(const TargetSpec& spec, const Resolver& resolve) {
  const std::string_view t = spec.token;
  auto bad = [&](const std::string& why) {
    return fail(ErrorCode::invalid_argument, "target '" + spec.token + "': " + why, spec.origin);
  };
  Parsed out;
  if (t.find('/') != std::string_view::npos) {
    auto r = parse_cidr(t);
    if (!r) return bad(r.error().message);
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
    if (!r) return bad(r.error().message);
    out.ranges.push_back(*r);
    return out;
  }
  if (!looks_like_host_name(t)) {
    return bad("not an address, CIDR block, range or host name");
  }
  auto addrs = resolve(t);
  if (!addrs) return bad("cannot resolve host name: " + addrs.error().message);
  if (addrs->empty()) return bad("host name has no addresses");
  for (const auto& a : *addrs) {
    out.ranges.push_back({a, a});
    out.names.emplace_back(a, spec.token);
  }
  return out;
}

std::vector<AddressRange> merge(std::vector<AddressRange> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const AddressRange& a, const AddressRange& b) { return a.first < b.first; });
  std::vector<AddressRange> out;
  for (const auto& r : ranges) {
    if (!out.empty() && out.back().first.v6 == r.first.v6 &&
        (out.back().last.value >= r.first.value || out.back().last.value + 1 == r.first.value)) {
      if (r.last.value > out.back().last.value) out.back().last = r.last;
    } else {
      out.push_back(r);
    }
  }
  return out;
}

std::vector<AddressRange> subtract_all(const std::vector<AddressRange>& from,
                                       const AddressRange& cut) {
  std::vector<AddressRange> out;
  for (const auto& r : from) {
    for (const auto& part : subtract(r, cut)) out.push_back(part);
  }
  return out;
}

}  // namespace

const std::string* TargetSet::name_of(const Address& a) const {
  auto it = std::lower_bound(names.begin(), names.end(), a,
                             [](const auto& e, const Address& x) { return e.first < x; });
  if (it != names.end() && it->first == a) return &it->second;
  return nullptr;
}

Result<TargetSet> build_target_set(std::span<const TargetSpec> include,
                                   std::span<const TargetSpec> exclude,
                                   const TargetOptions& options, const Resolver& resolve) {
  if (include.empty()) return fail(ErrorCode::invalid_argument, "no targets given");
  TargetSet set;
  std::vector<AddressRange> kept;
  for (const auto& spec : include) {
    auto parsed = parse_token(spec, resolve);
    if (!parsed) return tl::unexpected(parsed.error());
    for (const auto& r : parsed->ranges) {
      if (const auto* s = enclosing_special_range(r)) {
        if (s->policy == RangePolicy::never) {
          return fail(ErrorCode::invalid_argument,
                      "target '" + spec.token + "' lies in " + s->range.to_string() + ", " +
                          std::string(s->name) + ", which is never scanned",
                      spec.origin);
        }
        kept.push_back(r);  // named explicitly
        continue;
      }
      std::vector<AddressRange> parts{r};
      for (const auto& s : special_ranges()) {
        if (!s.range.overlaps(r)) continue;
        const bool allowed = (s.policy == RangePolicy::loopback && options.allow_loopback) ||
                             (s.policy == RangePolicy::special && options.allow_special);
        if (allowed) continue;
        parts = subtract_all(parts, s.range);
        set.notes.push_back("skipping " + s.range.to_string() + " (" + std::string(s.name) +
                            ") inside " + spec.token);
      }
      kept.insert(kept.end(), parts.begin(), parts.end());
    }
    for (auto& n : parsed->names) set.names.push_back(std::move(n));
  }
  for (const auto& spec : exclude) {
    auto parsed = parse_token(spec, resolve);
    if (!parsed) {
      Error e = parsed.error();
      if (e.message.starts_with("target ")) e.message = "exclusion" + e.message.substr(6);
      return tl::unexpected(e);
    }
    for (const auto& r : parsed->ranges) kept = subtract_all(kept, r);
  }
  set.ranges = merge(std::move(kept));
  for (const auto& r : set.ranges) set.address_count += r.size();
  std::sort(set.names.begin(), set.names.end());
  set.names.erase(std::unique(set.names.begin(), set.names.end(),
                              [](const auto& a, const auto& b) { return a.first == b.first; }),
                  set.names.end());
  if (set.ranges.empty()) {
    return fail(ErrorCode::invalid_argument, "every target address was excluded");
  }
  return set;
}

std::vector<TargetSpec> split_spec_text(std::string_view text, std::string_view origin_prefix) {
  std::vector<TargetSpec> out;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const auto eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    ++line_no;
    if (const auto hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    std::string token;
    auto flush = [&] {
      if (!token.empty()) {
        out.push_back({token, std::string(origin_prefix) + ":" + std::to_string(line_no)});
        token.clear();
      }
    };
    for (char c : line) {
      if (c == ' ' || c == '\t' || c == '\r' || c == ',') {
        flush();
      } else {
        token.push_back(c);
      }
    }
    flush();
  }
  return out;
}

Result<std::vector<TargetSpec>> read_spec_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::io_error, "cannot read file", path);
  std::string text;
  text.resize(kMaxSpecFileBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxSpecFileBytes) {
    return fail(ErrorCode::too_large, "target file over 64 MiB", path);
  }
  return split_spec_text(text, path);
}

}  // namespace lw::discovery
