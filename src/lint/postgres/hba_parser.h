#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::lint {

// One record of pg_hba.conf:
//   local  DATABASE USER METHOD [OPTIONS]
//   host*  DATABASE USER ADDRESS [MASK] METHOD [OPTIONS]
struct HbaRecord {
  std::string type;      // local, host, hostssl, hostnossl, hostgssenc, hostnogssenc
  std::string database;  // as written (may be a comma list)
  std::string user;
  std::string address;  // empty for local; "all", "samehost", "samenet", a CIDR or a host name
  std::string mask;     // the separate netmask form, when used
  std::string method;   // trust, reject, scram-sha-256, md5, password, peer, ident, cert, ...
  std::size_t line = 0;
};

inline constexpr std::size_t kMaxHbaRecords = 100000;

// Parses the records, skipping comments, blank lines and include directives. A record with
// an unknown type or too few fields is an error naming its line. Never throws.
Result<std::vector<HbaRecord>> parse_hba(std::string_view text);

}  // namespace lw::lint
