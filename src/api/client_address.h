#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/address.h"
#include "core/result.h"

// Which address a request comes from, for the rate limits (docs/api.md "Behind a reverse
// proxy"). X-Forwarded-For is read only from a proxy the operator names: anyone else could
// write any address in it and dodge the failed-auth limit.
namespace lw::api {

inline constexpr std::size_t kMaxTrustedProxies = 64;
inline constexpr std::size_t kMaxForwardedHops = 32;

class TrustedProxies {
 public:
  // Addresses or CIDR blocks ("127.0.0.1", "10.0.0.0/8", "::1"); refused naming the bad entry.
  static Result<TrustedProxies> parse(const std::vector<std::string>& entries);

  bool empty() const noexcept { return ranges_.empty(); }
  bool trusts(std::string_view address) const;

  // The client: `peer` itself unless `peer` is trusted and `forwarded_for` (the joined
  // X-Forwarded-For values) names one; then the nearest hop, read from the right, that is not
  // a trusted proxy. A malformed hop ends the walk at the last good one (the proxy appended
  // what it saw; what lies left of garbage came from the client).
  std::string client_of(const std::string& peer, std::string_view forwarded_for) const;

 private:
  std::vector<AddressRange> ranges_;
};

}  // namespace lw::api
