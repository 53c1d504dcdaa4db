#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/probe.h"

namespace lw::probes::object_store {

// Percent-encodes an object key or bucket name for a request path ('/' kept as a separator).
std::string encode_path(std::string_view key);

// Whether an object looks like text worth a bounded read: a text-like extension, or a text-ish
// content type when the listing gives one.
bool is_text_like(std::string_view key, std::string_view content_type = {});

// The names to try on one service: names the service itself listed first, then the host's
// own bucket (virtual-host style) is handled by the caller, then the defaults. Deduplicated,
// at most kMaxBucketNamesTried, only names valid for S3/Azure/GCS.
std::vector<std::string> candidate_names(const std::vector<std::string>& listed,
                                         const std::vector<std::string>& supplied);

// The Sample content_type for an object read: "json", "csv", "email" or "text".
std::string sample_type(std::string_view key, std::string_view content_type);

// Host header value for a request to this target ("localhost" when no name was given; the port
// appended unless 80/443).
std::string host_header(const ProbeOptions& options);

// A bucket/container name as the stores allow it: 3..63 of [a-z0-9.-_].
bool valid_bucket_name(std::string_view name) noexcept;

// Largest object read for a sample, and the number of objects read per service.
constexpr std::uint32_t kMaxObjectReadBytes = 16 * 1024;
constexpr std::size_t kMaxObjectReads = 3;

}  // namespace lw::probes::object_store
