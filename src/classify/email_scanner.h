#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "classify/pattern_db.h"

namespace lw::classify {

// Candidates for the rules with `scanner email`, without a regular expression: every '@'
// followed by a domain label ([A-Za-z0-9-]+), a dot and two letters, reported by the end of that
// prefix, as Vectorscan reports the pattern @[A-Za-z0-9-]+\.[A-Za-z]{2} (the label holds no dot,
// so there is at most one such end per '@'). Appends RawMatch{rule, 0, end} for each of `rules`
// and each '@', in text order, while `out` holds fewer than `cap` entries; false when the cap
// stopped it. (In one database with the other rules, Vectorscan 5.4.9 lost some of these
// matches depending on the buffer's address: docs/performance.md, "Classifier".)
bool scan_email_candidates(std::string_view text, std::span<const std::uint32_t> rules,
                           std::vector<RawMatch>& out, std::size_t cap);

}  // namespace lw::classify
