#pragma once

#include <string>
#include <vector>

#include "core/service_record.h"

namespace lw {

struct SeverityAssessment {
  std::string severity;              // "", low, medium, high, critical
  std::vector<std::string> reasons;  // one line per factor, strongest first
};

// One severity for a service (docs/schema.md "severity"), from three things:
//   - what an unauthenticated client can do: an `open` service is at least low; one that can
//     write is high; one that runs code on the host (capabilities.exec) is critical;
//   - what was read: each finding's own severity (a step less when its confidence is below
//     0.8), the sensitivity score (>= 80 critical, >= 50 high, >= 20 medium), and for an open
//     service SSNs or government markings (SF-86, classification banners) make it critical;
//   - the volume an open service holds: more than 1,000 records raises it one step (as LeakIX
//     rates), as does more than 1 GiB of data (one step in all).
// A store found compromised (a ransom note) is critical. A service that is not open keeps
// only the data factor (names it shows by design can still be sensitive), and is "" with none.
// No open service is ever "".
SeverityAssessment assess_severity(const ServiceRecord& record);

}  // namespace lw
