#include "net/discovery/port_set.h"

#include <algorithm>
#include <charconv>

namespace lw::discovery {
namespace {

bool parse_port(std::string_view s, std::uint32_t& out) {
  if (s.empty() || s.size() > 5) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && ptr == s.data() + s.size();
}

}  // namespace

Result<std::vector<std::uint16_t>> parse_port_spec(std::string_view spec,
                                                   const NamedPortSets& named) {
  std::vector<std::uint16_t> ports;
  if (spec.empty()) return fail(ErrorCode::invalid_argument, "empty port list", "-p");
  std::size_t pos = 0;
  while (pos <= spec.size()) {
    const auto comma = spec.find(',', pos);
    const std::string_view token =
        spec.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    pos = comma == std::string_view::npos ? spec.size() + 1 : comma + 1;
    auto bad = [&](const std::string& why) {
      return fail(ErrorCode::invalid_argument, "port '" + std::string(token) + "': " + why, "-p");
    };
    if (token.empty()) return bad("empty item in port list");
    if (token == "all") {
      for (std::uint32_t p = 1; p <= 65535; ++p) ports.push_back(static_cast<std::uint16_t>(p));
      continue;
    }
    if (auto it = named.find(token); it != named.end()) {
      ports.insert(ports.end(), it->second.begin(), it->second.end());
      continue;
    }
    const auto dash = token.find('-');
    std::uint32_t lo = 0, hi = 0;
    if (dash == std::string_view::npos) {
      if (!parse_port(token, lo)) {
        std::string names = "all";
        for (const auto& [name, list] : named) names += ", " + name;
        return bad("not a port, a range or a named set (" + names + ")");
      }
      hi = lo;
    } else if (!parse_port(token.substr(0, dash), lo) || !parse_port(token.substr(dash + 1), hi)) {
      return bad("not a port range");
    }
    if (lo < 1 || hi > 65535) return bad("ports are 1-65535");
    if (hi < lo) return bad("range ends before it starts");
    for (std::uint32_t p = lo; p <= hi; ++p) ports.push_back(static_cast<std::uint16_t>(p));
  }
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  return ports;
}

}  // namespace lw::discovery
