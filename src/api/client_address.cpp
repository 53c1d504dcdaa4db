#include "api/client_address.h"

namespace lw::api {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& entries) {
  if (entries.size() > kMaxTrustedProxies) {
    return fail(ErrorCode::invalid_argument,
                "at most " + std::to_string(kMaxTrustedProxies) + " trusted proxies");
  }
  TrustedProxies out;
  for (const auto& e : entries) {
    auto range = parse_address_or_cidr(e);
    if (!range) {
      return fail(ErrorCode::invalid_argument,
                  "trusted proxy '" + e.substr(0, 64) +
                      "' is not an address or CIDR block: " + range.error().message);
    }
    out.ranges_.push_back(*range);
  }
  return out;
}

bool TrustedProxies::trusts(std::string_view address) const {
  auto a = Address::parse(trim(address));
  if (!a) return false;
  for (const auto& r : ranges_) {
    if (r.contains(*a)) return true;
  }
  return false;
}

std::string TrustedProxies::client_of(const std::string& peer,
                                      std::string_view forwarded_for) const {
  if (ranges_.empty() || forwarded_for.empty() || !trusts(peer)) return peer;
  std::string client = peer;
  std::size_t hops = 0;
  while (!forwarded_for.empty() && hops++ < kMaxForwardedHops) {
    const auto comma = forwarded_for.rfind(',');
    const auto hop =
        trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    auto a = Address::parse(hop);
    if (!a) break;
    client = a->to_string();
    if (!trusts(client)) break;
  }
  return client;
}

}  // namespace lw::api
