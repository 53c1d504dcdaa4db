#pragma once

#include <array>
#include <string_view>

namespace lw::probes {

// Bucket and container names tried when a scan supplies none (`--bucket-names FILE` replaces
// them). Short on purpose: every name costs one request per service. Generic words that
// misconfigured buckets are named after in public breach write-ups; no company names.
inline constexpr std::array<std::string_view, 16> kDefaultBucketNames = {
    "backup",  "backups", "data", "files",  "uploads", "public", "assets", "media",
    "exports", "dumps",   "logs", "static", "images",  "test",   "dev",    "private",
};

// Most names a probe tries on one service, whatever the list holds.
inline constexpr std::size_t kMaxBucketNamesTried = 24;

}  // namespace lw::probes
